import { beforeEach, describe, expect, it } from "vitest";
import { getPool } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { insertTestMessages } from "@/test/queue/insert-test-message";

/**
 * A recipient's outcome (status, smtp_code, smtp_response, updated_at: what completeMessages writes) must be a
 * heap-only-tuple update: no new entry in message_recipients' indexes (its address trigram GIN index is costly to
 * write), which needs room on the row's page (the table's fillfactor, migrations 20261204010000 and 20261208010000).
 */
describe("message_recipients outcome updates", () => {
  beforeEach(resetDatabase);

  it("are HOT updates even when every row of pages filled by the queueing is settled at once", async () => {
    // Enough recipients to fill several pages, as a busy queue does.
    await insertTestMessages(400, { to: ["a@example.net", "b@example.net", "c@example.net"] });
    const client = await getPool().connect();
    try {
      const count = async () => {
        await client.query("SELECT pg_stat_force_next_flush()");
        const { rows } = await client.query<{ upd: string; hot: string }>(
          `SELECT n_tup_upd::text AS upd, n_tup_hot_upd::text AS hot FROM pg_stat_user_tables WHERE relname = 'message_recipients'`,
        );
        return { updated: Number(rows[0].upd), hot: Number(rows[0].hot) };
      };
      const before = await count();
      // Every row of the first pages at once, as the outcome of a claimed batch writes them: a version replaced in the
      // statement is not dead (prunable) before it commits, so each page needs room for a second copy of all its rows.
      const { rowCount } = await client.query(
        `UPDATE message_recipients SET status = 'DELIVERED', smtp_code = 250, smtp_response = '250 2.0.0 Ok: queued as 4XyZ', updated_at = now()
          WHERE (ctid::text::point)[0] < 3`,
      );
      const after = await count();
      expect(after.updated - before.updated).toBe(rowCount);
      expect(rowCount).toBeGreaterThan(50);
      // The new version is longer than the row it replaces (the SMTP code and answer are set): with fillfactor 70 about
      // half were heap-only (an SMTP bench run: 4,666 of 8,403, bench/RESULTS.md run 18), with 50 three in four; 40
      // leaves room for all of them.
      expect((after.hot - before.hot) / rowCount!).toBeGreaterThanOrEqual(0.95);
    } finally {
      client.release();
    }
  });
});
