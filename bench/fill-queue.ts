import type pg from "pg";
import { QUEUE_CHANNEL } from "../lib/engine/queue/queue-channel";
import { BENCH_DOMAIN, ENVELOPE_FROM, RAW_PREFIX, RAW_SUFFIX, RECIPIENT } from "./message-template";

export type FillOptions = {
  count: number;
  /** NOTIFY the workers at commit, as the API does. */
  notify?: boolean;
  /** Rows per INSERT; big fills go in chunks so one statement never holds gigabytes. */
  chunk?: number;
};

/**
 * Queues `count` 2 KB messages (one recipient each) straight in SQL with generate_series, in one transaction:
 * workers see all of them at the commit, which is when the clock of a drain figure starts. Resolves with the
 * commit time and, for small fills, the Message-IDs to check at the sinks.
 */
export async function fillQueue(sql: pg.Pool, { count, notify = true, chunk = 100_000 }: FillOptions): Promise<{ committedAt: number }> {
  const client = await sql.connect();
  try {
    await client.query("BEGIN");
    for (let done = 0; done < count; done += chunk) {
      const rows = Math.min(chunk, count - done);
      await client.query(
        `WITH m AS (
           INSERT INTO messages (id, message_id, envelope_from, sender_domain, subject, raw, size)
           SELECT id, mid, $1, $2, 'Outgate benchmark', raw, length(raw)
             FROM (SELECT id, mid, convert_to($3 || mid || $4, 'UTF8') AS raw
                     FROM (SELECT gen_random_uuid() AS id, gen_random_uuid()::text || '@' || $2 AS mid
                             FROM generate_series(1, $5::int)) ids) built
           RETURNING id)
         INSERT INTO message_recipients (message_id, address) SELECT id, $6 FROM m`,
        [ENVELOPE_FROM, BENCH_DOMAIN, RAW_PREFIX, RAW_SUFFIX, rows, RECIPIENT],
      );
    }
    if (notify) await client.query(`SELECT pg_notify($1, '')`, [QUEUE_CHANNEL]);
    await client.query("COMMIT");
    return { committedAt: Date.now() };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export async function queuedMessageIds(sql: pg.Pool): Promise<Set<string>> {
  const { rows } = await sql.query<{ message_id: string }>(`SELECT message_id FROM messages WHERE NOT is_bounce`);
  return new Set(rows.map((row) => row.message_id));
}

export async function countByStatus(sql: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await sql.query<{ status: string; n: string }>(`SELECT status::text, count(*) AS n FROM messages GROUP BY status`);
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

/** Polls until no message is QUEUED any more (claimed ones are still QUEUED until their batch is recorded). */
export async function waitUntilDrained(sql: pg.Pool, timeoutMs: number, pollMs = 10): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await sql.query<{ waiting: boolean }>(`SELECT EXISTS (SELECT 1 FROM messages WHERE status = 'QUEUED') AS waiting`);
    if (!rows[0].waiting) return Date.now();
    if (Date.now() > deadline) throw new Error(`messages still queued after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
