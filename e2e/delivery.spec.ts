import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { startTestSmtpServer, type TestSmtpServer } from "../test/smtp/start-test-smtp-server";
import { createApiKey, revokeApiKey } from "./support/api-key-helpers";
import { createDomain, domainRow } from "./support/domain-helpers";
import { createGateway, gatewayOptionLabel, uniqueSuffix, type GatewayFields } from "./support/gateway-helpers";
import { openMessage, waitForMessageRow } from "./support/message-helpers";
import { findFreePort as closedPort } from "../lib/platform/free-port";

// Mail goes the whole way: submitted with an API key made in the console, delivered by the product's
// in-process worker through a gateway made in the console, received by a real SMTP server in this process.
// Serial: the last test relies on the round-robin gateway of the first to show its domain does not use it.
test.describe.configure({ mode: "serial" });

let sink: TestSmtpServer;

test.beforeAll(async () => {
  sink = await startTestSmtpServer({});
});

test.afterAll(async () => {
  await sink?.close();
});

/** The label delivery attempts keep for a gateway: "description (address:port)". */
const attemptLabel = (gateway: Required<Pick<GatewayFields, "description" | "address" | "port">>) =>
  `${gateway.description} (${gateway.address}:${gateway.port})`;

function submit(request: APIRequestContext, key: string, data: unknown) {
  return request.post("/api/v1/messages", { headers: { Authorization: `Bearer ${key}` }, data });
}

function receivedWithId(messageId: string) {
  return sink.messages.filter((message) => message.messageId === `<${messageId}>`);
}

async function expectSummary(page: Page, label: string, value: string | RegExp) {
  const row = page.getByTestId("message-summary").getByRole("row").filter({ has: page.getByRole("rowheader", { name: label, exact: true }) });
  await expect(row.getByRole("cell")).toHaveText(value);
}

test("a message submitted with an API key is delivered through a round-robin gateway", async ({ page, request }) => {
  const suffix = uniqueSuffix();
  const gateway = { description: `Sink ${suffix}`, address: "127.0.0.1", port: sink.port };
  const domain = `deliver-${suffix}.example`;
  const keyName = `Delivery app ${suffix}`;
  const recipient = `rcpt-${suffix}@dest.example`;
  const subject = `Delivered ${suffix}`;

  await createGateway(page, { ...gateway, encryption: "None", type: "Round Robin" });
  await createDomain(page, domain);
  const key = await createApiKey(page, keyName, [domain]);

  const response = await submit(request, key, { from: { name: "Billing", address: `billing@${domain}` }, to: recipient, subject, text: "Hello from the e2e test." });
  expect(response.status()).toBe(202);
  const body = await response.json();
  expect(body).toEqual({ id: expect.any(String), messageId: expect.stringMatching(new RegExp(`@${domain.replace(/\./g, "\\.")}$`)), status: "queued", recipients: [recipient] });
  expect(response.headers().location).toBe(`/api/v1/messages/${body.id}`);

  // The worker wakes on NOTIFY, so this takes well under the timeout.
  const row = await waitForMessageRow(page, body.id, "DELIVERED");
  await expect(row).toContainText(`billing@${domain}`);
  await expect(row).toContainText(recipient);
  await expect(row.getByRole("link", { name: subject })).toBeVisible();
  await expect(row).toContainText(attemptLabel(gateway));
  await expect(row.getByTestId("message-last-error")).toHaveCount(0);

  await openMessage(page, row);
  await expect(page.getByRole("heading", { name: subject, level: 1 })).toBeVisible();
  await expectSummary(page, "Message-ID", `<${body.messageId}>`);
  await expectSummary(page, "API key", new RegExp(`^${keyName} \\(og_`));

  const recipientRow = page.getByTestId("recipient-row").and(page.locator(`[data-address="${recipient}"]`));
  await expect(page.getByTestId("recipient-row")).toHaveCount(1);
  await expect(recipientRow.getByTestId("status-badge")).toHaveAttribute("data-status", "DELIVERED");
  await expect(recipientRow.getByRole("cell").nth(2)).toHaveText("250");

  // Exactly one attempt through this gateway, and it delivered. (Only this gateway is in the round-robin
  // ring when the file runs alone; with others there, unreachable ones would add FAILOVER rows before it.)
  const attempts = page.getByTestId("attempt-row").filter({ hasText: attemptLabel(gateway) });
  await expect(attempts).toHaveCount(1);
  await expect(attempts.getByTestId("status-badge")).toHaveAttribute("data-status", "DELIVERED");
  await expect(attempts.getByRole("cell").nth(3)).toHaveText("250");
  await expect(attempts.getByRole("cell").nth(5)).toHaveText(recipient);
  await expect(page.getByTestId("attempt-row").last()).toContainText(attemptLabel(gateway));

  // The sink holds exactly this message, once, with the envelope the API was given.
  const received = receivedWithId(body.messageId);
  expect(received).toHaveLength(1);
  expect(received[0].from).toBe(`billing@${domain}`);
  expect(received[0].to).toEqual([recipient]);
  expect(received[0].raw.toString("utf8")).toContain(`Subject: ${subject}`);
});

test("mail from a domain that is not hosted here is refused with 422 and never queued", async ({ page, request }) => {
  const suffix = uniqueSuffix();
  const key = await createApiKey(page, `Any domain ${suffix}`);
  const stranger = `not-hosted-${suffix}.example`;

  const response = await submit(request, key, { from: `someone@${stranger}`, to: `rcpt-${suffix}@dest.example`, subject: `Open relay ${suffix}`, text: "no" });
  expect(response.status()).toBe(422);
  expect(response.headers()["content-type"]).toContain("application/json");
  const body = await response.json();
  expect(body.error.code).toBe("unprocessable");
  expect(body.error.message).toContain(`${stranger} is not hosted here`);
  expect(body.error.fields.from[0]).toContain("not hosted here");

  await page.goto("/messages");
  await expect(page.getByText(`Open relay ${suffix}`)).toHaveCount(0);
});

test("a key revoked in the console is refused with 401", async ({ page, request }) => {
  const suffix = uniqueSuffix();
  const keyName = `Revoke me ${suffix}`;
  const key = await createApiKey(page, keyName);

  // Accepted while valid: the empty body gets past authentication and fails validation, so nothing is queued.
  const before = await submit(request, key, {});
  expect(before.status()).toBe(422);
  expect((await before.json()).error.code).toBe("validation_failed");

  await revokeApiKey(page, keyName);

  const after = await submit(request, key, { from: "someone@example.com", to: "rcpt@dest.example", text: "no" });
  expect(after.status()).toBe(401);
  expect(after.headers()["www-authenticate"]).toMatch(/^Bearer/);
  expect(await after.json()).toEqual({ error: { code: "unauthorized", message: "This API key has been revoked." } });
});

test("a domain whose specific gateway is down keeps its mail queued with the error shown", async ({ page, request }) => {
  const suffix = uniqueSuffix();
  const gateway = { description: `Closed port ${suffix}`, address: "127.0.0.1", port: await closedPort() };
  const domain = `stuck-${suffix}.example`;
  const recipient = `rcpt-${suffix}@dest.example`;
  const subject = `Stays queued ${suffix}`;

  await createGateway(page, { ...gateway, encryption: "None", type: "Specific Domains" });
  // Default settings: no failover to round robin, so the first test's working gateway must not be used.
  await createDomain(page, domain, gatewayOptionLabel(gateway));
  await expect(domainRow(page, domain)).toHaveCount(1);
  await expect(domainRow(page, domain)).not.toContainText("falls over to round robin");
  const key = await createApiKey(page, `Stuck app ${suffix}`, [domain]);

  const response = await submit(request, key, { from: `app@${domain}`, to: recipient, subject, text: "Waiting for my gateway." });
  expect(response.status()).toBe(202);
  const { id, messageId } = await response.json();

  const row = await waitForMessageRow(page, id, "QUEUED", {
    until: (row) => expect(row.getByTestId("message-last-error")).toContainText("ECONNREFUSED", { timeout: 500 }),
  });
  await expect(row.getByTestId("message-last-error")).toContainText(attemptLabel(gateway));
  await expect(row.getByTestId("message-tries")).toHaveText("1"); // Attempts

  await openMessage(page, row);
  await expectSummary(page, "Status", "Queued");
  await expectSummary(page, "Last error", /ECONNREFUSED/);
  await expectSummary(page, "Next attempt", /UTC$/);
  await expect(page.getByTestId("recipient-row").getByTestId("status-badge")).toHaveAttribute("data-status", "PENDING");
  const attempts = page.getByTestId("attempt-row");
  await expect(attempts).toHaveCount(1);
  await expect(attempts).toContainText(attemptLabel(gateway));
  // Its only gateway refused and no other was tried: deferred, not a failover (issue 14, item 5).
  await expect(attempts.getByTestId("status-badge")).toHaveAttribute("data-status", "DEFERRED");
  await expect(attempts.getByRole("cell").nth(4)).toContainText("ECONNREFUSED");

  expect(receivedWithId(messageId)).toHaveLength(0);
});
