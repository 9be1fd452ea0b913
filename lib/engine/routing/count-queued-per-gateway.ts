import { getDb } from "../../platform/db";

/**
 * Messages queued in Outgate per gateway, for gateways whose spool we cannot ask: a QUEUED message counts for
 * the gateway of its last attempt, or — not tried yet — for the Specific Domains gateway its sender domain is
 * assigned to. Untried round-robin messages count nowhere: their gateway is chosen only when they are sent.
 */
export async function countQueuedPerGateway(): Promise<Map<string, number>> {
  const rows = await getDb().$queryRaw<{ gatewayId: string; queued: number }[]>`
    SELECT COALESCE(m.last_gateway_id, d.gateway_id)::text AS "gatewayId", count(*)::int AS queued
      FROM messages m
      LEFT JOIN domains d ON d.name = m.sender_domain
     WHERE m.status = 'QUEUED' AND COALESCE(m.last_gateway_id, d.gateway_id) IS NOT NULL
     GROUP BY 1`;
  return new Map(rows.map((row) => [row.gatewayId, row.queued]));
}
