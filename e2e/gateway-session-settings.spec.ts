import { expect, test, type Page } from "@playwright/test";
import { createApiKey } from "./support/api-key-helpers";
import { createDomain } from "./support/domain-helpers";
import { createGateway, fillGatewayForm, gatewayOptionLabel, gatewayRow, uniqueSuffix } from "./support/gateway-helpers";
import { openMessage, waitForMessageRow } from "./support/message-helpers";
import { findFreePort as closedPort } from "../lib/platform/free-port";
import { startScriptedSmtpServer } from "../test/smtp/scripted-smtp-server";

// Issue 11: the gateway form's Advanced section (auth mechanism, stage timeouts, connection limits), its warnings,
// and the message page's causes in plain words.

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const advanced = (page: Page) => page.getByTestId("advanced-settings");

const CHANGED = {
  "Connect timeout (seconds)": "10",
  "Greeting timeout (seconds)": "400",
  "MAIL timeout (seconds)": "360",
  "RCPT timeout (seconds)": "301",
  "DATA initiation timeout (seconds)": "150",
  "Data block timeout (seconds)": "200",
  "DATA termination timeout (seconds)": "900",
  "Max connections": "3",
  "Messages per connection": "50",
  "Recipients per transaction": "20",
};

/**
 * The New form, hydrated: the steps below need React's handlers (warnings that appear as a field changes). Its values
 * are in the server HTML, so a filled field says nothing about hydration; the console's marker does.
 */
async function openNewGatewayForm(page: Page) {
  await page.goto("/gateways/new");
  await expect(field(page, "Port")).toHaveValue("25");
  await expect(page.getByTestId("console-sidebar")).toHaveAttribute("data-hydrated", "true");
}

/** The Edit form, hydrated (see openNewGatewayForm). */
async function openEditForm(page: Page, description: string) {
  await page.goto("/gateways");
  await gatewayRow(page, description).getByRole("link", { name: `Edit ${description}`, exact: true }).click();
  await expect(page.getByRole("heading", { name: "Edit outbound gateway" })).toBeVisible();
  await expect(field(page, "Server Address")).not.toHaveValue("");
  await expect(page.getByTestId("console-sidebar")).toHaveAttribute("data-hydrated", "true");
}

async function submit(page: Page, key: string, domain: string, suffix: string): Promise<string> {
  const response = await page.request.post("/api/v1/messages", {
    headers: { Authorization: `Bearer ${key}` },
    data: { from: `app@${domain}`, to: `rcpt-${suffix}@dest.example`, subject: `Cause ${suffix}`, text: "Where did it go?" },
  });
  expect(response.status()).toBe(202);
  return (await response.json()).id;
}

async function openAdvanced(page: Page) {
  if ((await advanced(page).getAttribute("open")) === null) await advanced(page).locator("summary").click();
  await expect(advanced(page)).toHaveAttribute("open", "");
}

test("the Advanced settings start at the RFC defaults, are saved, and come back in the edit form and the server's HTML", async ({ page }) => {
  const suffix = uniqueSuffix();
  const description = `Session settings ${suffix}`;
  await openNewGatewayForm(page);
  // A new gateway keeps the defaults, so the section starts closed; its help names each default and RFC section.
  await expect(advanced(page)).not.toHaveAttribute("open", "");
  await openAdvanced(page);
  await expect(field(page, "Auth mechanism")).toHaveValue("AUTO");
  await expect(field(page, "Greeting timeout (seconds)")).toHaveValue("300");
  await expect(field(page, "DATA termination timeout (seconds)")).toHaveValue("600");
  await expect(field(page, "Connect timeout (seconds)")).toHaveValue("30");
  await expect(field(page, "Max connections")).toHaveValue("10");
  await expect(page.locator("#dataTermTimeoutSeconds-hint")).toHaveText(/Default: 10 minutes \(the minimum of RFC 5321 §4\.5\.3\.2\.6\)\.$/);
  await expect(field(page, "Recipients per transaction")).toHaveAttribute("aria-describedby", "recipientsPerTransaction-hint recipientsPerTransaction-error");

  await fillGatewayForm(page, { description, address: `session-${suffix}.example`, encryption: "STARTTLS (required)", auth: { username: "relay", password: `pw-${suffix}` } });
  await field(page, "Auth mechanism").selectOption({ label: "CRAM-MD5" });
  for (const [label, value] of Object.entries(CHANGED)) await field(page, label).fill(value);
  // All at or above the RFC's minimums: nothing to warn about.
  await expect(page.locator(".field-warning:not(:empty)")).toHaveCount(0);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/gateways$/);

  await openEditForm(page, description);
  // Settings that differ from the defaults open the section by themselves.
  await expect(advanced(page)).toHaveAttribute("open", "");
  await expect(field(page, "Auth mechanism")).toHaveValue("CRAM_MD5");
  for (const [label, value] of Object.entries(CHANGED)) await expect(field(page, label)).toHaveValue(value);

  await page.reload();
  await expect(field(page, "Server Address")).not.toHaveValue("");
  await expect(field(page, "DATA termination timeout (seconds)")).toHaveValue("900");

  // Server-rendered: the stored values are in the page's HTML, before any script runs.
  const html = await (await page.request.get(page.url())).text();
  expect(html).toMatch(/id="dataTermTimeoutSeconds"[^>]*value="900"|value="900"[^>]*id="dataTermTimeoutSeconds"/);
  expect(html).toMatch(/<option value="CRAM_MD5" selected=""/);
});

test("a timeout below the RFC minimum warns in words but saves; an out-of-range limit is a field error in the closed section", async ({ page }) => {
  const suffix = uniqueSuffix();
  const description = `Short timeouts ${suffix}`;
  await openNewGatewayForm(page);
  await fillGatewayForm(page, { description, address: `short-${suffix}.example`, encryption: "None" });
  await openAdvanced(page);

  const dataTerm = field(page, "DATA termination timeout (seconds)");
  await dataTerm.fill("30");
  await expect(page.getByTestId("dataTermTimeoutSeconds-warning")).toHaveText(
    "Shorter than RFC 5321 §4.5.3.2.6 allows a server to take (10 minutes). The gateway may still accept a message Outgate gave up on, and the retry then delivers it twice.",
  );
  await expect(dataTerm).toHaveAttribute("aria-describedby", "dataTermTimeoutSeconds-hint dataTermTimeoutSeconds-warning dataTermTimeoutSeconds-error");
  await field(page, "Greeting timeout (seconds)").fill("20");
  await expect(page.getByTestId("greetingTimeoutSeconds-warning")).toContainText("A slow but working gateway will time out");
  // The connect timeout is TCP, not an RFC stage: short is the point.
  await field(page, "Connect timeout (seconds)").fill("2");
  await expect(page.getByTestId("connectTimeoutSeconds-warning")).toHaveCount(0);

  // An invalid limit in the section, closed again before saving: the error opens it.
  await field(page, "Max connections").fill("0");
  await advanced(page).locator("summary").click();
  await expect(advanced(page)).not.toHaveAttribute("open", "");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(advanced(page)).toHaveAttribute("open", "");
  await expect(page.getByTestId("error-maxConnections")).toHaveText("Enter a whole number of connections between 1 and 100.");
  await expect(field(page, "Max connections")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/gateways\/new$/);

  await field(page, "Max connections").fill("2");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/gateways$/);

  await openEditForm(page, description);
  await expect(dataTerm).toHaveValue("30");
  await expect(field(page, "Max connections")).toHaveValue("2");
  await expect(page.getByTestId("dataTermTimeoutSeconds-warning")).toContainText("delivers it twice");
});

test("encryption None with authentication warns that the password crosses the network in clear text, and is still accepted", async ({ page }) => {
  const suffix = uniqueSuffix();
  const description = `Clear text ${suffix}`;
  await openNewGatewayForm(page);
  const warning = page.getByTestId("cleartext-warning");
  await fillGatewayForm(page, { description, address: `cleartext-${suffix}.example`, encryption: "None" });
  await expect(warning).toBeEmpty();

  await field(page, "Enable Authentication").check();
  await expect(warning).toContainText("the username and password cross the network in clear text");
  await expect(field(page, "Encryption")).toHaveAttribute("aria-describedby", "cleartext-warning encryption-error");
  await field(page, "Auth Username").fill("relay");
  await field(page, "Auth Password").fill(`pw-${suffix}`);
  await expect(field(page, "Auth Password")).toHaveAttribute("aria-describedby", "cleartext-warning authPassword-error");

  await field(page, "Encryption").selectOption({ label: "STARTTLS if available" });
  await expect(warning).toBeEmpty();
  await field(page, "Encryption").selectOption({ label: "None" });
  await expect(warning).not.toBeEmpty();

  // The admin's choice: saved as asked, and the edit form warns again (from the server's HTML on).
  await field(page, "Port").fill("25");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/gateways$/);
  await openEditForm(page, description);
  await expect(field(page, "Encryption")).toHaveValue("NONE");
  await expect(warning).toContainText("clear text");
});

test("the message page says in plain words why an attempt failed", async ({ page }) => {
  const suffix = uniqueSuffix();
  const port = await closedPort();
  const gateway = { description: `Refusing ${suffix}`, address: "127.0.0.1", port };
  const domain = `cause-${suffix}.example`;
  await createGateway(page, { ...gateway, encryption: "None", type: "Specific Domains" });
  await createDomain(page, domain, gatewayOptionLabel(gateway));
  const key = await createApiKey(page, `Cause app ${suffix}`, [domain]);

  const id = await submit(page, key, domain, suffix);

  const row = await waitForMessageRow(page, id, "QUEUED", {
    until: (row) => expect(row.getByTestId("message-last-error")).toContainText("ECONNREFUSED", { timeout: 500 }),
  });
  await openMessage(page, row);
  const attempt = page.getByTestId("attempt-row").first();
  // No other gateway was tried (the domain does not fall over to round robin): deferred, not a failover.
  await expect(attempt.getByTestId("status-badge")).toHaveAttribute("data-status", "DEFERRED");
  await expect(attempt.getByTestId("attempt-cause")).toHaveText(`Connection refused by 127.0.0.1:${port}: nothing accepts connections on that address and port.`);
  // The raw reason stays beside it.
  await expect(attempt.getByRole("cell").nth(4)).toContainText("ECONNREFUSED");
});

test("a DATA termination timeout set in the form governs delivery: an unanswered end of message reads \"Outcome unknown\"", async ({ page }) => {
  // A gateway that takes the whole message and never answers its final ".". With the RFC's 10 minutes the attempt
  // would still be waiting; the 1 s saved in the form ends it, so the setting reached the transport.
  const silent = await startScriptedSmtpServer({ script: { delays: { dataEnd: Infinity } } });
  try {
    const suffix = uniqueSuffix();
    const gateway = { description: `Silent ${suffix}`, address: "127.0.0.1", port: silent.port };
    const domain = `unknown-${suffix}.example`;
    await openNewGatewayForm(page);
    await fillGatewayForm(page, { ...gateway, encryption: "None", type: "Specific Domains" });
    await openAdvanced(page);
    await field(page, "DATA termination timeout (seconds)").fill("1");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page).toHaveURL(/\/gateways$/);
    await createDomain(page, domain, gatewayOptionLabel(gateway));
    const key = await createApiKey(page, `Unknown app ${suffix}`, [domain]);
    const id = await submit(page, key, domain, suffix);

    const row = await waitForMessageRow(page, id, "QUEUED", {
      until: (row) => expect(row.getByTestId("message-last-error")).toContainText("outcome unknown", { timeout: 500 }),
    });
    await openMessage(page, row);
    const attempts = page.getByTestId("attempt-row");
    await expect(attempts).toHaveCount(1);
    await expect(attempts.getByTestId("status-badge")).toHaveAttribute("data-status", "UNKNOWN");
    await expect(attempts.getByTestId("status-badge")).toHaveText("Outcome unknown");
    await expect(attempts.getByTestId("attempt-cause")).toHaveText(
      "Outcome unknown: the gateway did not answer the end of the message within 1 second; it may have accepted it, so it may be delivered twice.",
    );
    // Sent once, and not again at once: it waits for its retry.
    expect(silent.messages).toHaveLength(1);
  } finally {
    await silent.close();
  }
});
