import { expect, test } from "@playwright/test";
import { startTestSmtpServer, type TestSmtpServer } from "../test/smtp/start-test-smtp-server";
import { createApiKey } from "./support/api-key-helpers";
import { createDomain } from "./support/domain-helpers";
import { createGateway, gatewayCell, gatewayOptionLabel, gatewayRow, uniqueSuffix } from "./support/gateway-helpers";
import { waitForMessageRow } from "./support/message-helpers";

// Traffic shaping (issue 15): limits and weight set in the gateway form, their use seen in the grid.
let sink: TestSmtpServer;
test.beforeAll(async () => {
  sink = await startTestSmtpServer({});
});
test.afterAll(async () => {
  await sink?.close();
});

test("limits and weight set in the form are kept, and the grid shows each limit's use", async ({ page, request }) => {
  const suffix = uniqueSuffix();
  const gateway = { description: `Limited ${suffix}`, address: "127.0.0.1", port: sink.port };
  const domain = `limited-${suffix}.example`;
  const id = await createGateway(page, { ...gateway, encryption: "None", type: "Specific Domains" });

  await page.goto(`/gateways/${id}`);
  const limits = page.getByTestId("traffic-limits");
  // Server-rendered: blank limits (no limit) and weight 1 before anything is typed.
  await expect(limits.getByLabel("Messages per hour", { exact: true })).toHaveValue("");
  await expect(limits.getByLabel("Weight", { exact: true })).toHaveValue("1");
  await limits.getByLabel("Messages per hour", { exact: true }).fill("500");
  await limits.getByLabel("Messages per day", { exact: true }).fill("0");
  await limits.getByLabel("Weight", { exact: true }).fill("3");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#perDayLimit-error")).toContainText("whole number of messages per day");
  await limits.getByLabel("Messages per day", { exact: true }).fill("");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/gateways$/);

  const row = gatewayRow(page, gateway.description);
  await expect(gatewayCell(row, "Limits")).toHaveText("0 / 500 this hour");
  await expect(gatewayCell(row, "Weight")).toHaveText("3");

  // One message through it: the grid counts it against the hour.
  await createDomain(page, domain, gatewayOptionLabel(gateway));
  const key = await createApiKey(page, `Limits ${suffix}`, [domain]);
  // Windows are clock hours (UTC): a message sent just before the hour turns is counted in a window the grid no longer
  // shows a minute later (CI ran this at 04:59:5x and read "0 / 500"). Send it with a minute of the hour to spare.
  const untilNextHourMs = 3_600_000 - (Date.now() % 3_600_000);
  if (untilNextHourMs < 60_000) await page.waitForTimeout(untilNextHourMs + 1_000);
  const response = await request.post("/api/v1/messages", {
    headers: { Authorization: `Bearer ${key}` },
    data: { from: `app@${domain}`, to: `rcpt-${suffix}@dest.example`, subject: `Limited ${suffix}`, text: "Counted." },
  });
  expect(response.status()).toBe(202);
  await waitForMessageRow(page, (await response.json()).id, "DELIVERED");
  await page.goto("/gateways");
  await expect(gatewayCell(gatewayRow(page, gateway.description), "Limits")).toHaveText("1 / 500 this hour");

  // The edit form shows the stored values in its server HTML.
  await page.goto(`/gateways/${id}`);
  await expect(limits.getByLabel("Messages per hour", { exact: true })).toHaveValue("500");
  await expect(limits.getByLabel("Messages per day", { exact: true })).toHaveValue("");
  await expect(limits.getByLabel("Weight", { exact: true })).toHaveValue("3");
});
