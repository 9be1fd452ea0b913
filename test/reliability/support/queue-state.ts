import type pg from "pg";
import type { SmtpSink } from "./smtp-sink";

type Queryable = Pick<pg.Pool, "query">;

/**
 * Makes every claimed-but-unfinished message due now: what the lease (DEFAULT_LEASE_SECONDS in lib/engine/queue) would do
 * by itself, minutes sooner. Only call it when no live worker holds a batch, or that batch is sent twice.
 * Returns the Message-IDs (with angle brackets) it released.
 */
export async function expireLeases(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ message_id: string }>(
    `UPDATE messages SET next_attempt_at = now() WHERE status = 'QUEUED' AND next_attempt_at > now() RETURNING message_id`,
  );
  await db.query(`SELECT pg_notify('outgate_queue', 'reliability')`);
  return rows.map((row) => `<${row.message_id}>`);
}

/** Messages by status, e.g. { DELIVERED: 4990, QUEUED: 10 }. */
export async function countByStatus(db: Queryable): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; count: string }>(`SELECT status, count(*) FROM messages GROUP BY status`);
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

/** How many of `ids` arrived at any of the sinks, how many times in total, and which are missing. */
export function tally(ids: Iterable<string>, sinks: SmtpSink[]) {
  let arrived = 0;
  let duplicates = 0;
  const missing: string[] = [];
  const duplicated: string[] = [];
  for (const id of ids) {
    const copies = sinks.reduce((sum, sink) => sum + (sink.counts.get(id) ?? 0), 0);
    if (copies === 0) missing.push(id);
    else arrived += 1;
    if (copies > 1) {
      duplicates += copies - 1;
      duplicated.push(id);
    }
  }
  return { arrived, duplicates, missing, duplicated };
}

/** Every Message-ID the sinks saw that is not in `expected`. */
export function unexpectedArrivals(expected: Set<string>, sinks: SmtpSink[]): string[] {
  return sinks.flatMap((sink) => [...sink.counts.keys()].filter((id) => !expected.has(id)));
}
