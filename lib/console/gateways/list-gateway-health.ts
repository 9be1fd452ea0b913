import { getDb } from "../../platform/db";

/** What an admin reads at a glance; see describeGatewayHealth for the rules. */
export type GatewayHealthState = "HEALTHY" | "DEGRADED" | "DOWN" | "COOLING_DOWN" | "DISABLED";

/** One gateway's health, plain values only (this reaches the browser): never a credential. */
export type GatewayHealthView = {
  gatewayId: string;
  description: string;
  state: GatewayHealthState;
  /** Last delivery or probe that reached the gateway and was answered as expected. */
  lastSuccessAt: Date | null;
  /** The last failure in the admin's terms, with the SMTP answer when there was one. */
  lastError: string | null;
  lastErrorAt: Date | null;
  /** The last probe's time from connect to the end of EHLO/AUTH, ms. */
  latencyMs: number | null;
  /** Until when every worker skips it (set by a failure, ended by the next successful probe or delivery). */
  cooldownUntil: Date | null;
};

/** Failures within this window of now make a gateway that still delivers Degraded. */
export const DEGRADED_WINDOW_MS = 15 * 60_000;

/** Every gateway's health, in the grid's order (description, then creation). One query. */
export async function listGatewayHealth(now = new Date()): Promise<GatewayHealthView[]> {
  const rows = await getDb().gateway.findMany({
    select: { id: true, description: true, enabled: true, health: { select: { cooldownUntil: true, lastFailureAt: true, lastError: true } } },
    orderBy: [{ description: "asc" }, { createdAt: "asc" }],
  });
  return rows.map((row) => {
    const health = row.health;
    const cooldownUntil = health?.cooldownUntil && health.cooldownUntil > now ? health.cooldownUntil : null;
    const recentFailure = !!health?.lastFailureAt && now.getTime() - health.lastFailureAt.getTime() < DEGRADED_WINDOW_MS;
    const state: GatewayHealthState = !row.enabled ? "DISABLED" : cooldownUntil ? "COOLING_DOWN" : recentFailure ? "DEGRADED" : "HEALTHY";
    return {
      gatewayId: row.id,
      description: row.description,
      state,
      lastSuccessAt: null,
      lastError: health?.lastError ?? null,
      lastErrorAt: health?.lastFailureAt ?? null,
      latencyMs: null,
      cooldownUntil,
    };
  });
}
