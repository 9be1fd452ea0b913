import { Prisma } from "../../generated/prisma/client";

/**
 * The one definition of "deferred" for a QUEUED message (alias `m`), shared by the sysadmin spool counts, the grid's
 * Spool Count column, the overview and /metrics so their numbers agree: tried before (and being tried again right
 * now, or not) or scheduled for later. Every other QUEUED message is "waiting": due and never tried (being delivered
 * for the first time included). Both columns are in messages_queued_idx, so the per-gateway counts are an index-only
 * scan; whether a worker holds the message (lease_until) is not, deliberately: the claim writes it, and an indexed
 * column would make every claim a full update (migration 20261206010000_messages_lease_until).
 */
export function deferredSql(now: Date): Prisma.Sql {
  return Prisma.sql`(m.next_attempt_at > ${now} OR m.attempts > 0)`;
}
