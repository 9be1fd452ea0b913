import { getDb } from "../../platform/db";

/** What an admin reads at a glance; see describeState for the rules. */
export type GatewayHealthState = "HEALTHY" | "DEGRADED" | "DOWN" | "COOLING_DOWN" | "DISABLED" | "UNKNOWN";

/** One gateway's health, plain values only (this reaches the browser): never a credential. */
export type GatewayHealthView = {
  gatewayId: string;
  description: string;
  state: GatewayHealthState;
  /** In drain mode (issue 14): no new mail is routed to it. Shown beside the state, which stays what probes find. */
  draining: boolean;
  /** Last delivery or probe that reached the gateway and was answered as expected. */
  lastSuccessAt: Date | null;
  /** The last failure in the admin's terms, with the SMTP answer when there was one. */
  lastError: string | null;
  lastErrorAt: Date | null;
  /** The last probe's time from connect to the end of EHLO/AUTH (or to its failure), ms. */
  latencyMs: number | null;
  /** Whether the last probe failed (latencyMs is then how long it took to fail); null: never probed. */
  lastProbeFailed: boolean | null;
  /** Until when every worker skips it (set by a failure, ended by the next successful probe or delivery). */
  cooldownUntil: Date | null;
  /** When the last active probe ran (null: never, e.g. probes are off or the gateway is new). */
  probedAt: Date | null;
  /** Until when an answer rule suspended it (in force only; lib/engine/rules). */
  suspendedUntil: Date | null;
  /** A rate an answer rule lowered it to, while in force. */
  ruleRate: { perMinute: number; until: Date } | null;
  /** The last answer rule that fired on its answers: "Rule "name": action — answer", and when. */
  ruleFired: string | null;
  ruleFiredAt: Date | null;
};

/** Delivery failures within this window of now make a gateway whose probes pass Degraded. */
export const DEGRADED_WINDOW_MS = 15 * 60_000;

type HealthRow = {
  cooldownUntil: Date | null;
  lastFailureAt: Date | null;
  lastSuccessAt: Date | null;
  probedAt: Date | null;
  probeOk: boolean | null;
};

/**
 * Disabled: the admin turned it off. Down: the last probe failed (connect, TLS, greeting, EHLO or AUTH) and nothing
 * succeeded since. Cooling down: a delivery failed as a whole and every worker skips it until the cool-down ends or
 * a probe succeeds. Degraded: probes pass, but deliveries through it failed within DEGRADED_WINDOW_MS (a probe
 * outage that ended is not held against it). Unknown: nothing has checked it yet (no probe, no delivery) — a new
 * gateway is not called Healthy before anything reached it. Healthy: none of these.
 */
export function describeState(enabled: boolean, health: HealthRow | null, now: Date): GatewayHealthState {
  if (!enabled) return "DISABLED";
  if (!health || (!health.probedAt && !health.lastSuccessAt && !health.lastFailureAt)) return "UNKNOWN";
  const probeFailed = health.probeOk === false && !!health.probedAt && (!health.lastSuccessAt || health.lastSuccessAt < health.probedAt);
  if (probeFailed) return "DOWN";
  if (health.cooldownUntil && health.cooldownUntil > now) return "COOLING_DOWN";
  if (health.lastFailureAt && now.getTime() - health.lastFailureAt.getTime() < DEGRADED_WINDOW_MS) return "DEGRADED";
  return "HEALTHY";
}

/** Every gateway's health, in the grid's order (description, then creation). One query. */
export async function listGatewayHealth(now = new Date()): Promise<GatewayHealthView[]> {
  const rows = await getDb().gateway.findMany({
    select: {
      id: true,
      description: true,
      enabled: true,
      draining: true,
      health: {
        select: {
          cooldownUntil: true,
          lastFailureAt: true,
          lastError: true,
          lastSuccessAt: true,
          probedAt: true,
          probeOk: true,
          probeLatencyMs: true,
          probeError: true,
          suspendedUntil: true,
          ratePerMinute: true,
          rateLimitedUntil: true,
          ruleFired: true,
          ruleFiredAt: true,
        },
      },
    },
    orderBy: [{ description: "asc" }, { createdAt: "asc" }],
  });
  return rows.map(({ id, description, enabled, draining, health }) => ({
    gatewayId: id,
    description,
    state: describeState(enabled, health, now),
    draining: enabled && draining,
    lastSuccessAt: health?.lastSuccessAt ?? null,
    ...lastFailureOf(health),
    latencyMs: health?.probeLatencyMs ?? null,
    lastProbeFailed: health?.probedAt ? health.probeOk === false : null,
    cooldownUntil: health?.cooldownUntil && health.cooldownUntil > now ? health.cooldownUntil : null,
    probedAt: health?.probedAt ?? null,
    suspendedUntil: health?.suspendedUntil && health.suspendedUntil > now ? health.suspendedUntil : null,
    ruleRate: health?.ratePerMinute && health.rateLimitedUntil && health.rateLimitedUntil > now ? { perMinute: health.ratePerMinute, until: health.rateLimitedUntil } : null,
    ruleFired: health?.ruleFired ?? null,
    ruleFiredAt: health?.ruleFiredAt ?? null,
  }));
}

/** The newer of the last failed probe and the last failed delivery. */
function lastFailureOf(health: (HealthRow & { lastError: string | null; probeError: string | null }) | null): { lastError: string | null; lastErrorAt: Date | null } {
  const probe = health?.probeOk === false && health.probedAt ? { lastError: health.probeError, lastErrorAt: health.probedAt } : null;
  const delivery = health?.lastFailureAt ? { lastError: health.lastError, lastErrorAt: health.lastFailureAt } : null;
  if (probe && delivery) return probe.lastErrorAt >= delivery.lastErrorAt ? probe : delivery;
  return probe ?? delivery ?? { lastError: null, lastErrorAt: null };
}

/** GatewayHealthView as it crosses to the browser (times as ISO 8601 strings). */
export type GatewayHealthJson = Omit<GatewayHealthView, "lastSuccessAt" | "lastErrorAt" | "cooldownUntil" | "probedAt" | "suspendedUntil" | "ruleRate" | "ruleFiredAt"> & {
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  cooldownUntil: string | null;
  probedAt: string | null;
  suspendedUntil: string | null;
  ruleRate: { perMinute: number; until: string } | null;
  ruleFiredAt: string | null;
};

export function toGatewayHealthJson(view: GatewayHealthView): GatewayHealthJson {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    ...view,
    lastSuccessAt: iso(view.lastSuccessAt),
    lastErrorAt: iso(view.lastErrorAt),
    cooldownUntil: iso(view.cooldownUntil),
    probedAt: iso(view.probedAt),
    suspendedUntil: iso(view.suspendedUntil),
    ruleRate: view.ruleRate ? { perMinute: view.ruleRate.perMinute, until: view.ruleRate.until.toISOString() } : null,
    ruleFiredAt: iso(view.ruleFiredAt),
  };
}
