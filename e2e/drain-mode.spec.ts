import { expect, test } from "@playwright/test";
import { startTestSmtpServer, type TestSmtpServer } from "../test/smtp/start-test-smtp-server";
import { createApiKey } from "./support/api-key-helpers";
import { toast } from "./support/console-ui";
import { createGateway, gatewayCell, gatewayOptionLabel, gatewayRow, uniqueSuffix } from "./support/gateway-helpers";
import { waitForMessageRow } from "./support/message-helpers";

// Drain mode (issue 14, item 3): a draining gateway gets no new mail; its domain's mail goes through round robin.
let drained: TestSmtpServer;
let other: TestSmtpServer;
test.beforeAll(async () => {
  [drained, other] = await Promise.all([startTestSmtpServer({}), startTestSmtpServer({})]);
});
test.afterAll(async () => {
  await Promise.all([drained?.close(), other?.close()]);
});

test("a draining gateway gets no new mail, which goes through the others, and is enabled again from the grid", async ({ page, request }) => {
  const suffix = uniqueSuffix();
  const specific = { description: `Maintenance ${suffix}`, address: "127.0.0.1", port: drained.port };
  const roundRobin = { description: `Stand-in ${suffix}`, address: "127.0.0.1", port: other.port };
  await createGateway(page, { ...specific, encryption: "None", type: "Specific Domains" });
  await createGateway(page, { ...roundRobin, encryption: "None", type: "Round Robin" });
  const domain = `drain-${suffix}.example`;
  await page.goto("/domains/new");
  await page.getByLabel("Domain Name", { exact: true }).fill(domain);
  await page.getByLabel("Outbound Gateway", { exact: true }).selectOption({ label: gatewayOptionLabel(specific) });
  await page.getByLabel("Fall over to round robin when this gateway fails", { exact: true }).check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/domains$/);
  const key = await createApiKey(page, `Drain ${suffix}`, [domain]);

  await page.goto("/gateways");
  const row = gatewayRow(page, specific.description);
  await row.getByRole("button", { name: "Drain", exact: true }).click();
  await expect(toast(page, `Draining: ${specific.description}.`, "success")).toBeVisible();
  await expect(gatewayCell(row, "Status")).toHaveText("Draining");

  const response = await request.post("/api/v1/messages", {
    headers: { Authorization: `Bearer ${key}` },
    data: { from: `app@${domain}`, to: `rcpt-${suffix}@dest.example`, subject: `Drained ${suffix}`, text: "Not through the draining gateway." },
  });
  expect(response.status()).toBe(202);
  const { id, messageId } = await response.json();
  await waitForMessageRow(page, id, "DELIVERED");
  expect(drained.messages.filter((message) => message.messageId === `<${messageId}>`)).toHaveLength(0);
  expect(other.messages.filter((message) => message.messageId === `<${messageId}>`)).toHaveLength(1);

  // The edit form shows the status in its server HTML; back to Enabled from the grid.
  await page.goto("/gateways");
  await gatewayRow(page, specific.description).getByRole("link", { name: `Edit ${specific.description}`, exact: true }).click();
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("draining");
  await page.goto("/gateways");
  await gatewayRow(page, specific.description).getByRole("button", { name: "Enable", exact: true }).click();
  await expect(gatewayCell(gatewayRow(page, specific.description), "Status")).toHaveText("Enabled");
});
