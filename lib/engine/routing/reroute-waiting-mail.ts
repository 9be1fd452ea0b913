import { runStatement } from "../../platform/db";

/**
 * Drain mode (issue 14): mail that waits for `gatewayId` — queued, not held by a worker, last tried there and
 * scheduled for later — is made due now, so the next claim routes it afresh (routing never sends to a draining
 * gateway): round-robin mail goes to the other round-robin gateways at once, Specific Domains mail follows its
 * domain's failover setting. Nothing is sent twice: a leased message is left to its worker. Returns how many.
 */
export async function rerouteWaitingMail(gatewayId: string): Promise<number> {
  const rows = await runStatement<{ n: number }>(
    `WITH due AS (
       UPDATE messages SET next_attempt_at = now(), updated_at = now()
        WHERE status = 'QUEUED' AND (lease_until IS NULL OR lease_until <= now()) AND last_gateway_id = $1::uuid AND next_attempt_at > now()
       RETURNING 1)
     SELECT count(*)::int AS n FROM due`,
    [gatewayId],
  );
  return rows[0]?.n ?? 0;
}

/**
 * A gateway is enabled again (from Draining or Disabled): mail that no gateway could take — queued, not held by a
 * worker, never sent through a gateway or last tried at none, scheduled for a later re-check — is made due now, so it
 * leaves at once instead of at its next re-check or retry. Making mail due early sends nothing twice: the claim routes
 * it afresh. Returns how many.
 */
export async function releaseMailWaitingForGateways(): Promise<number> {
  const rows = await runStatement<{ n: number }>(
    `WITH due AS (
       UPDATE messages SET next_attempt_at = now(), updated_at = now()
        WHERE status = 'QUEUED' AND (lease_until IS NULL OR lease_until <= now()) AND last_gateway_id IS NULL AND next_attempt_at > now()
       RETURNING 1)
     SELECT count(*)::int AS n FROM due`,
    [],
  );
  return rows[0]?.n ?? 0;
}
