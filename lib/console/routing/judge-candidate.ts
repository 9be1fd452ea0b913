import type { RouteStep } from "../../validation/route-explain";

/** A limit of a gateway or domain and how much of its current window is used (rate_windows). */
export type LimitUse = { windowSeconds: number; limit: number; used: number; endsAt: Date };

/** What route explain knows of one candidate gateway, as plain values. */
export type CandidateFacts = {
  id: string;
  description: string;
  type: "ROUND_ROBIN" | "SPECIFIC_DOMAINS";
  weight: number;
  /** The shared cool-down, when in force: the drain tries the gateway only after every other candidate. */
  cooldownUntil: Date | null;
  lastError: string | null;
  /** The gateway's health reads Down (its last probe failed and nothing succeeded since): when, and why. */
  down: { at: Date; error: string | null } | null;
  suspendedUntil: Date | null;
  suspendedBy: string | null;
  ruleRate: { perMinute: number; until: Date } | null;
  limits: LimitUse[];
  /** Names of the enabled answer rules that watch this gateway's answers (its own and the all-gateway ones). */
  rules: string[];
};

/**
 * What the drain does with this candidate, decided by the engine's own functions (explainRoute): `takes` the next
 * message; `fallback` — tried if the ones before it fail; `full` — skipped by the limits (fitRoutesToLimits), the mail
 * `overflows` to the next gateway or waits; `suspended` — skipped by deliverMessage (an answer rule); `cooling` — in
 * cool-down, moved behind the healthy gateways (chooseGateways), so passed over while one of them can take the mail;
 * `lastResort` — in cool-down, but no healthy gateway is left: the drain still tries it.
 */
export type CandidateFate = "takes" | "fallback" | "full" | "suspended" | "cooling" | "lastResort";

const WINDOW_NAMES: Record<number, string> = { 60: "minute", 3_600: "hour", 86_400: "day" };

/** "412 / 500 this hour". */
export function describeLimitUse(use: LimitUse): string {
  const name = WINDOW_NAMES[use.windowSeconds] ?? `${use.windowSeconds} s window`;
  return `${use.used} / ${use.limit} this ${name}`;
}

/** "2026-12-01 03:05:00 UTC". */
export const utc = (date: Date) => `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;

/**
 * The steps that say why the drain treats one candidate gateway as `fate` says (verdict ok: it takes or may take the
 * mail; skip: passed over, with the reason and until when; wait: the mail waits for it). `overflows`: a full gateway's
 * mail goes on to the next gateway (false: the route holds the mail until a window has room).
 */
export function judgeCandidate(candidate: CandidateFacts, fate: CandidateFate, overflows: boolean): RouteStep[] {
  const steps: RouteStep[] = [];
  const step = (topic: RouteStep["topic"], verdict: RouteStep["verdict"], text: string) => steps.push({ topic, verdict, gatewayId: candidate.id, text });
  const name = `"${candidate.description}"`;
  const kind = candidate.type === "SPECIFIC_DOMAINS" ? "Specific Domains gateway" : `round-robin gateway (weight ${candidate.weight})`;

  if (fate === "suspended") {
    step("rule", "skip", `${name} (${kind}) is suspended until ${utc(candidate.suspendedUntil ?? new Date(0))} by ${candidate.suspendedBy ?? "an answer rule"}: skipped.`);
    return steps;
  }
  for (const use of candidate.limits) {
    const full = use.used >= use.limit;
    step("limit", full ? "skip" : "ok", `${name}: limit ${use.limit} per ${WINDOW_NAMES[use.windowSeconds] ?? `${use.windowSeconds} s`} — ${describeLimitUse(use)}${full ? `, room again at ${utc(use.endsAt)}` : ""}.`);
  }
  if (fate === "full") {
    const limit = candidate.limits.filter((use) => use.used >= use.limit).map(describeLimitUse).join(", ");
    if (overflows) step("gateway", "skip", `${name} is at its limit (${limit}): the mail overflows to the next gateway.`);
    else step("gateway", "wait", `${name} is at its limit (${limit}): the mail waits until its window has room.`);
    return steps;
  }
  if (candidate.ruleRate) step("rule", "info", `An answer rule lowered ${name}'s rate to ${candidate.ruleRate.perMinute} per minute until ${utc(candidate.ruleRate.until)}.`);
  if (candidate.rules.length > 0) step("rule", "info", `Answer rules watching ${name}'s answers: ${candidate.rules.join("; ")}.`);
  const trouble = troubleOf(candidate);
  if (fate === "cooling") {
    step("gateway", "skip", `${name} (${kind}) ${trouble}: skipped while a healthy gateway can take the mail; tried only if every gateway before it fails.`);
  } else if (fate === "lastResort") {
    step("gateway", "wait", `${name} (${kind}) ${trouble}: no healthy gateway is left, so the drain still tries it as the last resort; if it fails again the mail waits for its next retry.`);
  } else if (candidate.down) {
    // Down without a cool-down in force (probes stopped renewing it): the drain tries it in its turn.
    step("gateway", "ok", `${name} (${kind}) is enabled; its last probe at ${utc(candidate.down.at)} failed${candidate.down.error ? ` ("${candidate.down.error}")` : ""}, but no cool-down is in force, so the drain tries it in its turn.`);
  } else {
    step("gateway", "ok", `${name} (${kind}) is enabled and healthy${candidate.limits.length === 0 ? ", with no sending limit" : ", with room under its limits"}.`);
  }
  return steps;
}

/** "is Down (last probe at … failed: "…") and in cool-down until …" / "is in cool-down until … after "…"". */
function troubleOf(candidate: CandidateFacts): string {
  const until = candidate.cooldownUntil ? ` until ${utc(candidate.cooldownUntil)}` : "";
  if (candidate.down) return `is Down (its last probe at ${utc(candidate.down.at)} failed${candidate.down.error ? `: "${candidate.down.error}"` : ""}) and in cool-down${until}`;
  return `is in cool-down${until}${candidate.lastError ? ` after "${candidate.lastError}"` : ""}`;
}
