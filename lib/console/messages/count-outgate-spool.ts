import { getDb } from "../../platform/db";
import { deferredSql } from "../../engine/routing/deferred-sql";

/**
 * Outgate's queue in SmarterMail's terms; the two numbers are disjoint and add up to every message still to be sent
 * (QUEUED and HELD), so they agree with the grid's Spool Count and the overview.
 */
export type OutgateSpoolCounts = {
  /** Due now and never tried (being delivered for the first time included). */
  default: number;
  /** Deferred (tried before, whether or not it is being retried now, or scheduled for later), or held by an admin. */
  waiting: number;
};

export async function countOutgateSpool(now = new Date()): Promise<OutgateSpoolCounts> {
  // Served by the (status, next_attempt_at) index; the FILTERs split one scan of the QUEUED and HELD rows. Held
  // mail waits too (an admin must see it in the count), and it is not due, so it is "waiting".
  const [row] = await getDb().$queryRaw<{ waiting: number; total: number }[]>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE m.status = 'HELD' OR ${deferredSql(now)})::int AS waiting
      FROM messages m
     WHERE m.status IN ('QUEUED', 'HELD')`;
  return { default: row.total - row.waiting, waiting: row.waiting };
}
