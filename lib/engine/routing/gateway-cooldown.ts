import { getDb } from "../../platform/db";

/** Puts a failed gateway in cool-down for every worker, so the next messages try the others first. */
export async function coolDownGateway(gatewayId: string, seconds: number, error: string): Promise<void> {
  await getDb().$executeRaw`
    INSERT INTO gateway_health (gateway_id, cooldown_until, last_failure_at, last_error)
    VALUES (${gatewayId}::uuid, now() + make_interval(secs => ${seconds}::double precision), now(),
            ${error.replace(/\u0000/g, "").slice(0, 2000)})
    ON CONFLICT (gateway_id) DO UPDATE
      -- Never shorter than an answer rule's suspension (lib/engine/rules/record-rule-fired.ts).
      SET cooldown_until = greatest(EXCLUDED.cooldown_until, gateway_health.suspended_until), last_failure_at = EXCLUDED.last_failure_at, last_error = EXCLUDED.last_error`;
}

/** A gateway in cool-down that delivered again is healthy: other workers may prefer it right away (unless an answer rule suspended it). */
export async function endGatewayCooldown(gatewayIds: string[]): Promise<void> {
  if (gatewayIds.length === 0) return;
  await getDb().$executeRaw`
    UPDATE gateway_health SET cooldown_until = NULL
     WHERE gateway_id = ANY(${gatewayIds}::uuid[]) AND (suspended_until IS NULL OR suspended_until <= now())`;
}

/** Delivered through these gateways just now: their health shows the time as last success (issue 13). */
export async function noteGatewaySuccess(gatewayIds: string[]): Promise<void> {
  if (gatewayIds.length === 0) return;
  await getDb().$executeRaw`
    INSERT INTO gateway_health (gateway_id, last_success_at)
    SELECT id, now() FROM unnest(${gatewayIds}::uuid[]) AS id
    ON CONFLICT (gateway_id) DO UPDATE SET last_success_at = EXCLUDED.last_success_at`;
}
