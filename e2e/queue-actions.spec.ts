import { expect, test, type Page } from "@playwright/test";
import type pg from "pg";
import { connectToE2eDatabase } from "./support/e2e-database";
import { uniqueSuffix } from "./support/gateway-helpers";

// Queue actions (issue 14, item 1) from the console: each single action on the detail page, a bulk action over a
// selection, and one over 10,000 messages that shows its progress and is cancelled. Messages are seeded with SQL
// straight into the server's database, due tomorrow, so the server's worker leaves them alone unless an action
// (Retry, Release) makes them due.
test.describe.configure({ mode: "serial" });

let db: pg.Client;

test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});

test.afterAll(async () => {
  await db?.end();
});

/** `count` queued messages from sender@<domain>, each with one recipient, in one statement; their ids in id order. */
async function seed(domain: string, count: number, subject = `Queued at ${domain}`): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `WITH m AS (
       INSERT INTO messages (message_id, envelope_from, sender_domain, subject, raw, size, next_attempt_at)
       SELECT 'qa-' || i || '-' || $1 || '@' || $1, 'sender@' || $1, $1, $3 || ' #' || i,
              convert_to('From: sender@' || $1 || E'\\r\\nTo: rcpt@dest.example\\r\\nSubject: ' || $3 || E'\\r\\nMessage-ID: <qa-' || i || '-' || $1 || '@' || $1 || E'>\\r\\n\\r\\nhello\\r\\n', 'UTF8'), 80,
              now() + interval '1 day'
         FROM generate_series(1, $2::int) AS i
       RETURNING id)
     , r AS (INSERT INTO message_recipients (message_id, address) SELECT id, 'rcpt@dest.example' FROM m)
     SELECT id::text FROM m ORDER BY id`,
    [domain, count, subject],
  );
  return rows.map((row) => row.id);
}

async function statusOf(id: string): Promise<string> {
  return (await db.query<{ status: string }>(`SELECT status::text FROM messages WHERE id = $1`, [id])).rows[0].status;
}

/** Opens the message, clicks the action, answers its dialog and waits for the toast. */
async function act(page: Page, id: string, action: string, toast: RegExp, fill?: (page: Page) => Promise<void>) {
  await page.goto(`/messages/${id}`);
  await expect(page.getByTestId("message-summary")).toBeVisible();
  await page.getByTestId(`action-${action}`).click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog).toBeVisible();
  if (fill) await fill(page);
  await dialog.getByTestId("confirm-dialog-confirm").click();
  await expect(page.getByText(toast)).toBeVisible();
}

test("each action on the detail page: hold with a reason, release, retry, move, bounce and delete", async ({ page }) => {
  const domain = `single-${uniqueSuffix()}.example`;
  const [held, retried, moved, bounced, deleted] = await seed(domain, 5);

  await act(page, held, "hold", /^Held\.$/, (p) => p.getByTestId("hold-reason").fill("Waiting for the customer's OK"));
  await expect(page.getByTestId("message-summary").getByTestId("status-badge")).toHaveAttribute("data-status", "HELD");
  await expect(page.getByTestId("hold-reason-shown")).toHaveText("Waiting for the customer's OK");
  // A held message offers Release (not Retry or Hold).
  await expect(page.getByTestId("action-retry")).toHaveCount(0);
  await act(page, held, "release", /Released; sending now\./);
  expect(await statusOf(held)).not.toBe("HELD");

  await act(page, retried, "retry", /Retrying now\./);
  await act(page, moved, "move", /Moved; the next attempt uses that gateway\./);
  await act(page, bounced, "bounce", /Bounced; the sender gets a DSN\./);
  await expect(page.getByTestId("message-summary").getByTestId("status-badge")).toHaveAttribute("data-status", "FAILED");
  await act(page, deleted, "delete", /Deleted; it will not be delivered\./);
  await expect(page.getByTestId("message-summary").getByTestId("status-badge")).toHaveAttribute("data-status", "DELETED");
  // Deleted mail is past every action.
  await expect(page.getByTestId("queue-actions")).toHaveCount(0);
  expect(await statusOf(deleted)).toBe("DELETED");
});

test("a bulk action over a selection asks with the count, then holds exactly the checked messages", async ({ page }) => {
  const domain = `select-${uniqueSuffix()}.example`;
  const ids = await seed(domain, 4);
  await page.goto(`/messages?senderDomain=${domain}`);
  const rows = page.getByTestId("message-row");
  await expect(rows).toHaveCount(4);
  for (const id of ids.slice(0, 3)) await page.locator(`tr[data-id="${id}"]`).getByTestId("select-message").check();
  await expect(page.getByTestId("bulk-scope")).toContainText("3 selected");
  await page.getByTestId("bulk-hold").click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog.getByRole("heading")).toHaveText("Hold: 3 messages");
  await dialog.getByTestId("hold-reason").fill("bulk check");
  await dialog.getByTestId("confirm-dialog-confirm").click();
  await expect(page.getByText("Hold: done for 3 messages.")).toBeVisible();
  const statuses = [];
  for (const id of ids) statuses.push(await statusOf(id)); // one pg client: one query at a time
  expect(statuses).toEqual(["HELD", "HELD", "HELD", "QUEUED"]);
});

test("a bulk action over 10,000 messages by filter shows its progress and can be cancelled", async ({ page }) => {
  test.setTimeout(120_000);
  const domain = `bulk-${uniqueSuffix()}.example`;
  const ids = await seed(domain, 10_000);
  // A message two thirds through (in the job's id order) is locked by this client, so the job waits there a few
  // seconds — time to watch its progress pass 4,000 and press Cancel before it ends. (Batches are windows of the
  // table's ids, so the batch that holds the locked message may begin a little before it.)
  const locker = await connectToE2eDatabase();
  await locker.query("BEGIN");
  await locker.query("SELECT 1 FROM messages WHERE id = $1 FOR UPDATE", [ids[7_000]]);
  try {
    await page.goto(`/messages?senderDomain=${domain}&status=queued`);
    await expect(page.getByTestId("bulk-scope")).toContainText("all 10,000 matching");
    await page.getByTestId("bulk-hold").click();
    const dialog = page.getByTestId("confirm-dialog");
    await expect(dialog.getByRole("heading")).toHaveText("Hold: 10,000 messages");
    await dialog.getByTestId("confirm-dialog-confirm").click();

    const progress = page.getByTestId("bulk-progress");
    await expect(progress).toHaveAttribute("data-status", "running");
    await expect(progress).toHaveAttribute("data-total", "10000");
    await expect.poll(async () => Number(await progress.getAttribute("data-done")), { timeout: 30_000 }).toBeGreaterThanOrEqual(4_000);
    await page.getByTestId("bulk-cancel").click();
    await expect(progress).toHaveAttribute("data-status", "cancelled");
  } finally {
    await locker.query("ROLLBACK");
    await locker.end();
  }
  await expect(page.getByText(/Hold: cancelled after/)).toBeVisible();
  const { rows } = await db.query<{ held: string }>(`SELECT count(*) FILTER (WHERE status = 'HELD')::text AS held FROM messages WHERE sender_domain = $1`, [domain]);
  const held = Number(rows[0].held);
  expect(held).toBeGreaterThanOrEqual(4_000);
  expect(held).toBeLessThan(10_000);
});
