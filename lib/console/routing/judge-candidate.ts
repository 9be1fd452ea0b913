import type { RouteStep } from "../../validation/route-explain";

/** A limit of a gateway or domain and how much of its current window is used (rate_windows). */
export type LimitUse = { windowSeconds: number; limit: number; used: number; endsAt: Date };

/** What route explain knows of one candidate gateway, as plain values. */
export type CandidateFacts = {
  id: string;
  description: string;
  type: "ROUND_ROBIN" | "SPECIFIC_DOMAINS";
  weight: number;
  cooldownUntil: Date | null;
  lastError: string | null;
  suspendedUntil: Date | null;
  suspendedBy: string | null;
  ruleRate: { perMinute: number; until: Date } | null;
  limits: LimitUse[];
  /** Names of the enabled answer rules that watch this gateway's answers (its own and the all-gateway ones). */
  rules: string[];
};

/** The candidate's fate: usable now, passed over (the mail goes to the next), or the mail waits for it. */
export type CandidateVerdict = { usable: boolean; waits: boolean; steps: RouteStep[] };

const WINDOW_NAMES: Record<number, string> = { 60: "minute", 3_600: "hour", 86_400: "day" };

/** "412 / 500 this hour". */
export function describeLimitUse(use: LimitUse): string {
  const name = WINDOW_NAMES[use.windowSeconds] ?? `${use.windowSeconds} s window`;
  return `${use.used} / ${use.limit} this ${name}`;
}

const utc = (date: Date) => `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;

/**
 * Judges one gateway of the route in the order routing tried it, the way the engine does: a gateway an answer rule
 * suspended is skipped (deliverMessage, lib/engine/rules); one whose window is full is skipped by round robin (the
 * mail overflows) and, for a Specific Domains gateway, holds the mail unless its domain fails over; cool-down only
 * moves a gateway to the end (chooseGateways already did). `overflowsToRoundRobin`: the domain of a Specific
 * Domains route falls over to round robin.
 */
export function judgeCandidate(candidate: CandidateFacts, now: Date, overflowsToRoundRobin: boolean): CandidateVerdict {
  const steps: RouteStep[] = [];
  const step = (topic: RouteStep["topic"], verdict: RouteStep["verdict"], text: string) => steps.push({ topic, verdict, gatewayId: candidate.id, text });
  const name = `"${candidate.description}"`;
  const kind = candidate.type === "SPECIFIC_DOMAINS" ? "Specific Domains gateway" : `round-robin gateway (weight ${candidate.weight})`;

  if (candidate.suspendedUntil && candidate.suspendedUntil > now) {
    step("rule", "skip", `${name} (${kind}) is suspended until ${utc(candidate.suspendedUntil)} by ${candidate.suspendedBy ?? "an answer rule"}: skipped.`);
    return { usable: false, waits: false, steps };
  }
  const full = candidate.limits.filter((use) => use.used >= use.limit);
  for (const use of candidate.limits) {
    step("limit", use.used >= use.limit ? "skip" : "ok", `${name}: limit ${use.limit} per ${WINDOW_NAMES[use.windowSeconds] ?? `${use.windowSeconds} s`} — ${describeLimitUse(use)}${use.used >= use.limit ? `, room again at ${utc(use.endsAt)}` : ""}.`);
  }
  if (full.length > 0) {
    const limit = full.map(describeLimitUse).join(", ");
    if (candidate.type === "SPECIFIC_DOMAINS" && !overflowsToRoundRobin) {
      step("gateway", "wait", `${name} is at its limit (${limit}): the mail waits until its window has room.`);
      return { usable: false, waits: true, steps };
    }
    step("gateway", "skip", `${name} is at its limit (${limit}): the mail overflows to the next gateway.`);
    return { usable: false, waits: false, steps };
  }
  if (candidate.ruleRate && candidate.ruleRate.until > now) {
    step("rule", "info", `An answer rule lowered ${name}'s rate to ${candidate.ruleRate.perMinute} per minute until ${utc(candidate.ruleRate.until)}.`);
  }
  if (candidate.rules.length > 0) step("rule", "info", `Answer rules watching ${name}'s answers: ${candidate.rules.join("; ")}.`);
  if (candidate.cooldownUntil && candidate.cooldownUntil > now) {
    step("gateway", "ok", `${name} (${kind}) is in cool-down until ${utc(candidate.cooldownUntil)}${candidate.lastError ? ` after "${candidate.lastError}"` : ""}: tried only after the healthy ones.`);
  } else {
    step("gateway", "ok", `${name} (${kind}) is enabled and healthy${candidate.limits.length === 0 ? ", with no sending limit" : ", with room under its limits"}.`);
  }
  return { usable: true, waits: false, steps };
}
