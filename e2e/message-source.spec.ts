import fs from "node:fs";
import { expect, test } from "@playwright/test";
import type pg from "pg";
import { connectToE2eDatabase } from "./support/e2e-database";
import { uniqueSuffix } from "./support/gateway-helpers";

// A new-user trial: a message's page could not show the message as stored. View source shows the stored octets as
// text (HTML in a message is shown, never rendered; a large message is cut with a note) and Download .eml hands out
// all of it. Messages are seeded with SQL straight into the server's database, due tomorrow, so no worker sends them.
let db: pg.Client;

test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});

test.afterAll(async () => {
  await db?.end();
});

async function seed(raw: Buffer, subject: string): Promise<string> {
  const suffix = uniqueSuffix();
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO messages (message_id, envelope_from, sender_domain, subject, raw, size, next_attempt_at)
     VALUES ($1, 'sender@source.example', 'source.example', $2, $3, $4, now() + interval '1 day') RETURNING id::text`,
    [`src-${suffix}@source.example`, subject, raw, raw.length],
  );
  await db.query(`INSERT INTO message_recipients (message_id, address) VALUES ($1, 'rcpt@dest.example')`, [rows[0].id]);
  return rows[0].id;
}

test("View source shows the stored message as text, never as HTML, and Download .eml gives its exact octets", async ({ page }) => {
  const subject = `Source ${uniqueSuffix()}`;
  const body = `<img src="x" onerror="window.__sourceRan = 1"><script>window.__sourceRan = 2</script><b>bold</b>`;
  const raw = Buffer.from(`From: sender@source.example\r\nTo: rcpt@dest.example\r\nSubject: ${subject}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${body}\r\nGrüße\r\n`);
  const id = await seed(raw, subject);

  await page.goto(`/messages/${id}`);
  await page.getByTestId("view-source").click();
  await expect(page).toHaveURL(new RegExp(`/messages/${id}/source$`));
  const source = page.getByTestId("message-source");
  // Headers first, the body as literal text.
  await expect(source).toContainText(`From: sender@source.example`);
  expect((await source.textContent())!.startsWith("From: sender@source.example")).toBe(true);
  await expect(source).toContainText(body);
  await expect(source).toContainText("Grüße");
  await expect(source.locator("img, script, b")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __sourceRan?: number }).__sourceRan)).toBeUndefined();
  await expect(page.getByTestId("source-truncated")).toHaveCount(0);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-eml").click()]);
  expect(download.suggestedFilename()).toBe(`message-${id}.eml`);
  expect(fs.readFileSync(await download.path()).equals(raw)).toBe(true);
});

test("a large message's source is cut with a note, and the download has all of it", async ({ page, request }) => {
  const subject = `Large ${uniqueSuffix()}`;
  const line = `${"x".repeat(76)}\r\n`;
  const raw = Buffer.from(`From: sender@source.example\r\nSubject: ${subject}\r\n\r\n${line.repeat(6000)}`);
  const id = await seed(raw, subject);

  await page.goto(`/messages/${id}/source`);
  await expect(page.getByTestId("source-truncated")).toContainText(`Showing the first 256 KiB of`);
  await expect(page.getByTestId("source-truncated")).toContainText(`${raw.length.toLocaleString("en")} bytes`);
  // Exactly the first 256 KiB (HTML parsing reads each CRLF as one line break).
  const shown = raw.subarray(0, 256 * 1024).toString("utf8").replace(/\r\n/g, "\n");
  expect(await page.getByTestId("message-source").textContent()).toBe(shown);

  const response = await request.get(`/api/console/messages/${id}/eml`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("message/rfc822");
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect((await response.body()).equals(raw)).toBe(true);
});

test("the download is refused without a session", async ({ browser }) => {
  const id = await seed(Buffer.from("Subject: private\r\n\r\nsecret body\r\n"), "private");
  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const response = await anonymous.request.get(`/api/console/messages/${id}/eml`);
  expect(response.status()).toBe(401);
  expect(await response.text()).not.toContain("secret body");
  await anonymous.close();
});
