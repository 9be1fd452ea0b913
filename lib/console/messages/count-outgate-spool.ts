import { getDb } from "../../platform/db";
import { deferredSql } from "../../engine/routing/deferred-sql";

/** Outgate's queue in SmarterMail's terms; the two numbers are disjoint and add up to every QUEUED message. */
export type OutgateSpoolCounts = {
  /** Due now and never tried, or being delivered right now (leased by a worker). */
  default: number;
  /** Deferred: tried before and waiting for its retry, or scheduled for later. */
  waiting: number;
};

export async function countOutgateSpool(now = new Date()): Promise<OutgateSpoolCounts> {
  // Served by the (status, next_attempt_at) index; the FILTERs split one scan of the QUEUED rows.
  const [row] = await getDb().$queryRaw<{ waiting: number; total: number }[]>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE ${deferredSql(now)})::int AS waiting
      FROM messages m
     WHERE m.status = 'QUEUED'`;
  return { default: row.total - row.waiting, waiting: row.waiting };
}
