import { runStatement } from "../../platform/db";

/**
 * Leases the enabled gateways whose last probe is at least `intervalSeconds` old (or that were never probed) to
 * the caller for `leaseSeconds`. One statement: SKIP LOCKED and the lease make any number of workers on any number
 * of machines probe each gateway once per interval. Creates the health row, leased, of a gateway that has none.
 * Returns the leased gateway ids.
 */
export async function leaseDueProbes({ intervalSeconds, leaseSeconds }: { intervalSeconds: number; leaseSeconds: number }): Promise<string[]> {
  const rows = await runStatement<{ id: string }>(LEASE_DUE_PROBES, [intervalSeconds, leaseSeconds]);
  return rows.map((row) => row.id);
}

const LEASE_DUE_PROBES = `
  WITH missing AS (
    INSERT INTO gateway_health (gateway_id, probe_lease_until)
    SELECT g.id, now() + make_interval(secs => $2::double precision) FROM gateways g WHERE g.enabled AND NOT EXISTS (SELECT 1 FROM gateway_health h WHERE h.gateway_id = g.id)
    ON CONFLICT (gateway_id) DO NOTHING
    RETURNING gateway_id
  ),
  due AS (
    SELECT h.gateway_id FROM gateway_health h JOIN gateways g ON g.id = h.gateway_id
     WHERE g.enabled
       AND (h.probed_at IS NULL OR h.probed_at <= now() - make_interval(secs => $1::double precision))
       AND (h.probe_lease_until IS NULL OR h.probe_lease_until <= now())
     FOR UPDATE OF h SKIP LOCKED
  ),
  leased AS (
    UPDATE gateway_health h SET probe_lease_until = now() + make_interval(secs => $2::double precision)
      FROM due WHERE h.gateway_id = due.gateway_id
    RETURNING h.gateway_id
  )
  SELECT gateway_id::text AS id FROM leased
  UNION ALL
  SELECT gateway_id::text FROM missing`;

export type ProbeRecord = { gatewayId: string; ok: boolean; latencyMs: number; error: string | null };

/**
 * Stores a probe's result and ends its lease (last_failure_at and last_error stay the deliveries' own: they make a
 * working gateway Degraded). A successful probe ends the gateway's cool-down at once (a gateway
 * that came back is used on the next claim, not after a fixed time); a failed one keeps every worker off it for
 * `downSeconds` (renewed by each failed probe, so it stays off while it is Down and returns after the next
 * successful probe).
 */
export async function recordProbe({ gatewayId, ok, latencyMs, error }: ProbeRecord, downSeconds: number): Promise<void> {
  await runStatement(RECORD_PROBE, [gatewayId, ok, Math.max(0, Math.round(latencyMs)), error?.replace(/\u0000/g, "").slice(0, 2000) ?? null, downSeconds]);
}

const RECORD_PROBE = `
  UPDATE gateway_health SET
    probed_at = now(),
    probe_lease_until = NULL,
    probe_ok = $2,
    probe_latency_ms = $3,
    probe_error = CASE WHEN $2 THEN NULL ELSE $4 END,
    last_success_at = CASE WHEN $2 THEN now() ELSE last_success_at END,
    -- A gateway an answer rule suspended stays in cool-down until the suspension ends, whatever the probe finds.
    cooldown_until = CASE WHEN $2 AND suspended_until > now() THEN cooldown_until
                          WHEN $2 THEN NULL
                          ELSE greatest(coalesce(cooldown_until, now()), now() + make_interval(secs => $5::double precision)) END
  WHERE gateway_id = $1::uuid`;
