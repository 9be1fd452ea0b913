import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import type pg from "pg";
import { createApiKey } from "./support/api-key-helpers";
import { createDomain } from "./support/domain-helpers";
import { connectToE2eDatabase } from "./support/e2e-database";
import { uniqueSuffix } from "./support/gateway-helpers";

// Message search (issue 14, item 4): each way of searching from the filter bar, filters combined, a bad field
// answered in place, the source of a message (API or SMTP, one SMTP credential), what an empty result says, Live
// mode showing a newly submitted message without a reload, and the CSV export of the filter. Messages are seeded
// with SQL into the server's database, due tomorrow, so the worker leaves them alone.
test.describe.configure({ mode: "serial" });

let db: pg.Client;
const suffix = uniqueSuffix();
const domain = `search-${suffix}.example`;
type Seeded = { id: string; messageId: string };
let seeded: Record<"invoice" | "reset" | "digest" | "old", Seeded>;
const relayName = `Relay ${suffix}`;
let relayId: string;

test.beforeAll(async () => {
  db = await connectToE2eDatabase();
  const insert = async (from: string, to: string, subject: string, status: string, createdAt: string) => {
    const messageId = `srch-${subject.replace(/\W+/g, "-").toLowerCase()}-${suffix}@${domain}`;
    const { rows } = await db.query<{ id: string }>(
      `WITH m AS (
         INSERT INTO messages (message_id, envelope_from, sender_domain, subject, raw, size, status, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, convert_to('Subject: ' || $4 || E'\\r\\n\\r\\nx\\r\\n', 'UTF8'), 20, $5::"MessageStatus", now() + interval '1 day', $6::timestamptz)
         RETURNING id)
       , r AS (INSERT INTO message_recipients (message_id, address) SELECT id, $7 FROM m)
       SELECT id::text FROM m`,
      [messageId, from, domain, subject, status, createdAt, to],
    );
    return { id: rows[0].id, messageId };
  };
  const now = Date.now();
  seeded = {
    invoice: await insert(`billing@${domain}`, `alice.cooper@customers.example`, `Invoice 4711 ${suffix}`, "QUEUED", new Date(now - 60_000).toISOString()),
    reset: await insert(`accounts@${domain}`, `bob.marley@customers.example`, `Password reset ${suffix}`, "DELIVERED", new Date(now - 120_000).toISOString()),
    digest: await insert(`billing@${domain}`, `carol@elsewhere.example`, `Weekly digest ${suffix}`, "FAILED", new Date(now - 180_000).toISOString()),
    old: await insert(`billing@${domain}`, `dave@customers.example`, `Invoice 1999 ${suffix}`, "DELIVERED", "2025-01-15T12:00:00Z"),
  };
  // The weekly digest came in over SMTP with a credential of its own; the others through the API.
  const credential = await db.query<{ id: string }>(
    `INSERT INTO smtp_credentials (id, name, username, password_hash) VALUES (gen_random_uuid(), $1, $2, 'x') RETURNING id::text`,
    [relayName, `relay-${suffix}`],
  );
  relayId = credential.rows[0].id;
  await db.query(`UPDATE messages SET submitted_via = 'smtp', smtp_credential_id = $2::uuid, client_ip = '192.0.2.7' WHERE id = $1::uuid`, [seeded.digest.id, relayId]);
});

test.afterAll(async () => {
  await db?.end();
});

const rows = (page: Page) => page.getByTestId("message-row");

/** Fills the filter bar (server-rendered; a plain GET form) and submits it. */
async function search(page: Page, fields: Record<string, string>) {
  await page.goto("/messages");
  const bar = page.getByTestId("message-filter-bar");
  for (const [label, value] of Object.entries(fields)) {
    const field = bar.getByLabel(label, { exact: true });
    if ((await field.evaluate((element) => element.tagName)) === "SELECT") await field.selectOption(value);
    else await field.fill(value);
  }
  await bar.getByTestId("message-filter-submit").click();
  await expect(page).toHaveURL(/\/messages\?/);
}

async function expectRows(page: Page, ...expected: Seeded[]) {
  await expect(rows(page)).toHaveCount(expected.length);
  for (const message of expected) await expect(page.locator(`tr[data-id="${message.id}"]`)).toBeVisible();
}

test("searches each way, combines filters and answers a bad field in place", async ({ page }) => {
  // Sender: the whole address or any part of it, any case.
  await search(page, { Sender: `BILLING@${domain.toUpperCase()}` });
  await expectRows(page, seeded.invoice, seeded.digest, seeded.old);
  await search(page, { Sender: "billing@", "Sender domain": domain });
  await expectRows(page, seeded.invoice, seeded.digest, seeded.old);
  await search(page, { Sender: `COUNTS@SEARCH-${suffix}` });
  await expectRows(page, seeded.reset);
  // Recipient and subject: contains, any case.
  await search(page, { Recipient: "BOB.MAR", "Sender domain": domain });
  await expectRows(page, seeded.reset);
  await search(page, { Subject: `weekly digest ${suffix}` });
  await expectRows(page, seeded.digest);
  // Message-ID: exact by default, or a prefix.
  await search(page, { "Message-ID": `<${seeded.reset.messageId}>` });
  await expectRows(page, seeded.reset);
  await search(page, { "Message-ID": seeded.reset.messageId.slice(0, 20) });
  await expect(page.getByTestId("messages-empty")).toBeVisible();
  await search(page, { "Message-ID": `srch-invoice-`, "Message-ID match": "prefix", "Sender domain": domain });
  await expectRows(page, seeded.invoice, seeded.old);

  // Combined: sender domain + subject + status; the tabs count the rest of the filter per status.
  await search(page, { "Sender domain": domain, Subject: "invoice" });
  await expectRows(page, seeded.invoice, seeded.old);
  const tabs = page.getByTestId("message-status-filter");
  await expect(tabs.locator('[data-status="ALL"]').getByTestId("status-count")).toHaveText("2");
  await expect(tabs.locator('[data-status="QUEUED"]').getByTestId("status-count")).toHaveText("1");
  await expect(tabs.locator('[data-status="DELIVERED"]').getByTestId("status-count")).toHaveText("1");
  await tabs.locator('[data-status="DELIVERED"]').click();
  await expect(page).toHaveURL(/status=delivered/);
  await expectRows(page, seeded.old);
  // The filter lives in the URL and the form shows it again (server-rendered values).
  await expect(page.getByTestId("message-filter-bar").getByLabel("Subject", { exact: true })).toHaveValue("invoice");

  // Date range (UTC): only the old invoice was created in January 2025.
  await search(page, { "Sender domain": domain, "Created from (UTC)": "2025-01-01T00:00", "Created before (UTC)": "2025-02-01T00:00" });
  await expectRows(page, seeded.old);

  // A bad field: its own message beside it, no table, no 500.
  const response = await page.goto(`/messages?recipient=ab&senderDomain=${domain}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId("error-filter-recipient")).toHaveText("Type at least 3 characters to search the recipient.");
  await expect(page.getByTestId("message-filter-error")).toBeVisible();
  await expect(page.getByTestId("messages-grid")).toHaveCount(0);
});

test("filters by source: via SMTP or the API, one SMTP credential", async ({ page }) => {
  await search(page, { Source: "Via SMTP (any credential)", "Sender domain": domain });
  await expectRows(page, seeded.digest);
  await search(page, { Source: "Via the API (any key)", "Sender domain": domain });
  await expectRows(page, seeded.invoice, seeded.reset, seeded.old);
  await search(page, { Source: `${relayName} (relay-${suffix})` });
  await expectRows(page, seeded.digest);
  // The choice is in the URL as the filter's own field and the form shows it again.
  await expect(page).toHaveURL(new RegExp(`source=credential%3A${relayId}`));
  await expect(page.getByTestId("message-filter-bar").getByLabel("Source", { exact: true })).toHaveValue(`credential:${relayId}`);
  // Links the page makes (status tabs) carry the credential and keep it.
  await page.getByTestId("message-status-filter").locator('[data-status="FAILED"]').click();
  await expect(page).toHaveURL(new RegExp(`smtpCredentialId=${relayId}`));
  await expectRows(page, seeded.digest);
  await expect(page.getByTestId("message-filter-bar").getByLabel("Source", { exact: true })).toHaveValue(`credential:${relayId}`);
});

test("says a filter matched nothing, not that the queue is empty, and clears it", async ({ page }) => {
  await search(page, { Sender: `nobody-${suffix}@` });
  await expect(rows(page)).toHaveCount(0);
  const empty = page.getByTestId("messages-empty");
  await expect(empty).toContainText("No messages match these filters.");
  await expect(empty).not.toContainText("POST /api/v1/messages");
  await empty.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/messages$/);
  await expect(page.getByTestId("message-filter-bar").getByLabel("Sender", { exact: true })).toHaveValue("");
  // Without a filter the seeded messages are listed again (the queue was never empty).
  await expect(page.locator(`tr[data-id="${seeded.invoice.id}"]`)).toBeVisible();
});

test("Live mode shows a newly submitted message without a reload", async ({ page, request }) => {
  const liveDomain = `live-${suffix}.example`;
  await createDomain(page, liveDomain);
  const key = await createApiKey(page, `Live search ${suffix}`, [liveDomain]);

  await page.goto(`/messages?senderDomain=${liveDomain}`);
  await expect(page.getByTestId("messages-empty")).toBeVisible();
  await page.getByTestId("messages-live").check();
  await expect(page.getByTestId("messages-live-state")).toContainText("Refreshing every");
  // Anything that reloads the page would drop this marker.
  await page.evaluate(() => Object.assign(window, { __stillTheSamePage: true }));

  const answer = await request.post("/api/v1/messages", {
    headers: { Authorization: `Bearer ${key}` },
    data: { from: `app@${liveDomain}`, to: `rcpt-${suffix}@dest.example`, subject: `Arrived live ${suffix}`, text: "x" },
  });
  expect(answer.status(), await answer.text()).toBe(202);
  const { id } = (await answer.json()) as { id: string };

  await expect(page.locator(`tr[data-id="${id}"]`)).toBeVisible({ timeout: 15_000 });
  await expect(page.locator(`tr[data-id="${id}"]`)).toContainText(`Arrived live ${suffix}`);
  await expect(page.getByTestId("message-status-filter").locator('[data-status="ALL"]').getByTestId("status-count")).toHaveText("1");
  expect(await page.evaluate(() => (window as unknown as { __stillTheSamePage?: boolean }).__stillTheSamePage)).toBe(true);
});

test("exports the current filter as CSV", async ({ page }) => {
  await page.goto(`/messages?senderDomain=${domain}&subject=invoice`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("messages-csv").click()]);
  expect(download.suggestedFilename()).toMatch(/^outgate-messages-.+\.csv$/);
  const text = fs.readFileSync((await download.path())!, "utf8");
  const lines = text.trim().split(/\r\n/);
  expect(lines[0]).toBe("id,created_at,status,message_id,sender,sender_domain,recipients,subject,gateway,attempts,last_error,completed_at");
  expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual([seeded.invoice.id, seeded.old.id]);
  expect(text).toContain(`alice.cooper@customers.example`);
  expect(text).not.toContain(`Weekly digest ${suffix}`);
});
