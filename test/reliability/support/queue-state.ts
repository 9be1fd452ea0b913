import type pg from "pg";
import type { SmtpSink } from "./smtp-sink";

type Queryable = Pick<pg.Pool, "query">;

/**
 * Makes every claimed-but-unfinished message claimable now (its lease ends), and every deferred one due: what the lease
 * (DEFAULT_LEASE_SECONDS in lib/engine/queue) and the retry schedule would do by themselves, minutes sooner. Only call it
 * when no live worker holds a batch, or that batch is sent twice. Returns the Message-IDs (with angle brackets) of the
 * leases it ended.
 */
export async function expireLeases(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ message_id: string; leased: boolean }>(
    `WITH released AS (
       SELECT id, coalesce(lease_until > now(), false) AS leased FROM messages
        WHERE status = 'QUEUED' AND (lease_until > now() OR next_attempt_at > now()) FOR UPDATE)
     UPDATE messages AS m SET lease_until = NULL, next_attempt_at = least(m.next_attempt_at, now())
       FROM released AS r WHERE m.id = r.id
     RETURNING m.message_id, r.leased`,
  );
  await db.query(`SELECT pg_notify('outgate_queue', 'reliability')`);
  return rows.filter((row) => row.leased).map((row) => `<${row.message_id}>`);
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
