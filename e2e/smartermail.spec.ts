import net from "node:net";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { createGateway, fillGatewayForm, gatewayCell, gatewayRow, uniqueSuffix } from "./support/gateway-helpers";
import { startSecondOutgate, type SecondOutgate } from "./support/start-second-outgate";

// Two Outgates: A (the global setup's, signed in) uses B as its SmarterMail gateway through B's
// SmarterMail-compatible API, and shows B's queue in the Spool Count column.
test.describe.configure({ mode: "serial" });

let b: SecondOutgate;
let silent: net.Server;
let silentUrl: string;

/** B's queue, straight into its database: 4 due now (default), 2 deferred for retry (waiting). */
async function fillQueueOfB(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const insert = `INSERT INTO messages (message_id, envelope_from, sender_domain, raw, size, attempts, next_attempt_at)
                    VALUES ($1, 'a@b.example', 'b.example', $2, $3, $4, now() + $5::interval)`;
    const raw = Buffer.from("Subject: queued in B\r\n\r\nhello\r\n");
    for (let i = 0; i < 4; i++) await client.query(insert, [`due-${i}@b.example`, raw, raw.length, 0, "-1 minute"]);
    for (let i = 0; i < 2; i++) await client.query(insert, [`deferred-${i}@b.example`, raw, raw.length, 1, "10 minutes"]);
  } finally {
    await client.end();
  }
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  silent = net.createServer(() => {}); // accepts and never answers
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
  b = await startSecondOutgate();
  await fillQueueOfB(b.databaseUrl);
});

test.afterAll(async () => {
  await b?.stop();
  silent?.close();
});

test("A shows B's spool count, read through B's SmarterMail-compatible API", async ({ page }) => {
  const description = `Peer Outgate B ${uniqueSuffix()}`;
  await page.goto("/gateways/new");
  await fillGatewayForm(page, { description, address: `peer-b-${uniqueSuffix()}.example.test`, smartermail: { url: b.url, username: b.admin.email, password: "wrong password" } });

  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("status")).toContainText("Connection failed: auth failed");

  await page.getByLabel("SmarterMail Password", { exact: true }).fill(b.admin.password);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("status")).toContainText("Connected: 4 in the spool, 2 waiting");

  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/gateways$/);
  const row = gatewayRow(page, description);
  await expect(gatewayCell(row, "Spool Count")).toHaveText("SmarterMail: 4 (2 waiting)");
  await expect(row.locator("[data-spool-source=smartermail]")).toHaveAttribute("title", /4 in the spool, 2 waiting to retry\. Read at/);

  // Editing with the password left blank: Test connection uses the stored one, which never reaches the page.
  await row.getByRole("link", { name: `Edit ${description}` }).click();
  await expect(page.getByLabel("SmarterMail Password", { exact: true })).toHaveValue("");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("status")).toContainText("Connected: 4 in the spool, 2 waiting");
  expect(await page.content()).not.toContain(b.admin.password);
});

test("the grid renders at once with a dead SmarterMail server; its row shows the error later", async ({ page }) => {
  const description = `Dead SmarterMail ${uniqueSuffix()}`;
  await createGateway(page, { description, address: `dead-sm-${uniqueSuffix()}.example.test`, smartermail: { url: silentUrl, username: "admin", password: "whatever" } });

  // Straight away: the save's redirect has just started reading the dead server, which takes 4 s to give up.
  await page.goto("/gateways");
  await expect(page.getByRole("table", { name: "Outbound gateways" })).toBeVisible();
  const cell = gatewayCell(gatewayRow(page, description), "Spool Count");
  await expect(cell).toHaveText("Loading…");
  // The server gives a SmarterMail server 4 s; the page must not wait for that. "Loading…" above already shows the
  // page came before the answer; this bound catches a server render that waited and then let the browser ask again.
  // It times the document alone (its last byte, streamed parts included), not the browser's work after it: timed to
  // the visible grid, a machine loaded by other work took 3.1 s without any wait.
  const documentMs = await page.evaluate(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).responseEnd);
  expect(documentMs).toBeLessThan(3_500);

  await expect(cell).toHaveText("SmarterMail: timeout", { timeout: 15_000 });
  await expect(cell.locator("[data-spool-source=smartermail]")).toHaveAttribute("title", /no answer within \d+ ms/);
});

test("a gateway without SmarterMail mode shows Outgate's own queue, labelled apart", async ({ page }) => {
  const description = `Plain relay ${uniqueSuffix()}`;
  await createGateway(page, { description, address: `plain-${uniqueSuffix()}.example.test` });

  const cell = gatewayCell(gatewayRow(page, description), "Spool Count");
  await expect(cell).toHaveText("0 queued here");
  await expect(cell.locator("[data-spool-source=outgate]")).toHaveAttribute("title", /Messages queued in Outgate/);
});
