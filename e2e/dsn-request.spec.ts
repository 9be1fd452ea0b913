import { expect, test } from "@playwright/test";
import type pg from "pg";
import { connectToE2eDatabase } from "./support/e2e-database";
import { uniqueSuffix } from "./support/gateway-helpers";

// A message relayed by a mail server that asked for delivery status notifications (RFC 3461 NOTIFY, RET, ENVID,
// ORCPT) says so on its page in plain words. Seeded with SQL straight into the server's database, due tomorrow, so
// no worker sends it.
let db: pg.Client;

test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});

test.afterAll(async () => {
  await db?.end();
});

async function seed(dsn: { ret: string | null; envid: string | null; notify: string | null; orcpt: string | null }): Promise<string> {
  const suffix = uniqueSuffix();
  const raw = Buffer.from(`From: sender@dsn.example\r\nTo: rcpt@dest.example\r\nSubject: DSN ${suffix}\r\n\r\nHello\r\n`);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO messages (message_id, envelope_from, sender_domain, subject, raw, size, next_attempt_at, dsn_ret, dsn_envid)
     VALUES ($1, 'sender@dsn.example', 'dsn.example', $2, $3, $4, now() + interval '1 day', $5, $6) RETURNING id::text`,
    [`dsn-${suffix}@dsn.example`, `DSN ${suffix}`, raw, raw.length, dsn.ret, dsn.envid],
  );
  await db.query(`INSERT INTO message_recipients (message_id, address, dsn_notify, dsn_orcpt) VALUES ($1, 'rcpt@dest.example', $2, $3)`, [rows[0].id, dsn.notify, dsn.orcpt]);
  return rows[0].id;
}

test("the message page says what the sender asked to hear about, and nothing when it asked nothing", async ({ page }) => {
  const asked = await seed({ ret: "HDRS", envid: "Q-42", notify: "FAILURE,DELAY", orcpt: null });
  await page.goto(`/messages/${asked}`);
  await expect(page.getByTestId("message-summary").getByRole("row", { name: /Delivery notices/ })).toContainText(
    "Sender asked: notify on failure and delay; return headers; envelope id Q-42",
  );

  const plain = await seed({ ret: null, envid: null, notify: null, orcpt: null });
  await page.goto(`/messages/${plain}`);
  await expect(page.getByTestId("message-summary")).toBeVisible();
  await expect(page.getByTestId("dsn-request")).toHaveCount(0);
});
