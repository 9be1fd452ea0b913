import { Prisma } from "../../generated/prisma/client";

/**
 * The one definition of "deferred" for a QUEUED message (alias `m`), shared by the sysadmin spool counts, the grid's
 * Spool Count column, the overview and /metrics so their numbers agree: not held by a worker right now, and tried
 * before or scheduled for later. Every other QUEUED message is "waiting": due and never tried, or being delivered.
 */
export function deferredSql(now: Date): Prisma.Sql {
  return Prisma.sql`(m.lease_token IS NULL AND (m.next_attempt_at > ${now} OR m.attempts > 0))`;
}
