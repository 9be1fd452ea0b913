import { getDb } from "../../platform/db";
import { deferredSql } from "./deferred-sql";

/** The QUEUED messages counted for one gateway (or for none: untried round-robin mail). */
export type QueuedCounts = {
  /** Due and never tried (being delivered for the first time included). */
  waiting: number;
  /** Tried before or scheduled for later (lib/engine/routing/deferred-sql.ts). */
  deferred: number;
  /** created_at of the oldest of them. */
  oldestCreatedAt: Date;
};

/**
 * Messages queued in Outgate per gateway, for gateways whose spool we cannot ask: a QUEUED message counts for
 * the gateway of its last attempt (the one that answered, or the last one tried when all failed over), or — not
 * tried yet — for the Specific Domains gateway its sender domain is assigned to. Untried round-robin messages
 * count under the key "" (no gateway yet): their gateway is chosen only when they are sent. One index-only scan of
 * messages_queued_idx (the QUEUED rows alone, with every column counted here).
 */
export async function countQueuedPerGateway(now = new Date()): Promise<Map<string, QueuedCounts>> {
  const rows = await getDb().$queryRaw<({ gatewayId: string } & QueuedCounts)[]>`
    SELECT coalesce(COALESCE(m.last_gateway_id, d.gateway_id)::text, '') AS "gatewayId",
           count(*) FILTER (WHERE NOT ${deferredSql(now)})::int AS waiting,
           count(*) FILTER (WHERE ${deferredSql(now)})::int AS deferred,
           min(m.created_at) AS "oldestCreatedAt"
      FROM messages m
      LEFT JOIN domains d ON d.name = m.sender_domain
     WHERE m.status = 'QUEUED'
     GROUP BY 1`;
  return new Map(rows.map(({ gatewayId, ...counts }) => [gatewayId, counts]));
}

/**
 * Messages an admin holds (status HELD) per gateway, attributed like countQueuedPerGateway (last gateway tried, else
 * the sender domain's Specific Domains gateway, else "" for untried round-robin mail). Held mail still waits for its
 * gateway, so Spool Count and the overview count it beside the queued mail (issue 13 item 4). Served by the
 * (status, next_attempt_at) index; held mail is few.
 */
export async function countHeldPerGateway(): Promise<Map<string, number>> {
  const rows = await getDb().$queryRaw<{ gatewayId: string; held: number }[]>`
    SELECT coalesce(COALESCE(m.last_gateway_id, d.gateway_id)::text, '') AS "gatewayId", count(*)::int AS held
      FROM messages m
      LEFT JOIN domains d ON d.name = m.sender_domain
     WHERE m.status = 'HELD'
     GROUP BY 1`;
  return new Map(rows.map(({ gatewayId, held }) => [gatewayId, held]));
}
