import type { RateLimit, RateWindowLengths } from "./rate-limits";

/** A rate an answer rule lowered a gateway to (gateway_health.rate_per_minute until rate_limited_until). */
export type RuleRate = { perMinute: number; until: Date };

/**
 * The gateway's limits with an answer rule's lowered rate applied (issue 15, item 3, "lower its rate to X for N
 * minutes"): while the rule is in force, the per-minute limit is the lower of the configured one and the rule's,
 * counted in the same shared window (rate_windows), so the limits engine overflows or holds the mail as for any
 * limit. An expired rule changes nothing. Pure; `limits` is toRateLimits' answer, shortest window first.
 */
export function withRuleRate(limits: RateLimit[], ruleRate: RuleRate | null, now: Date, lengths: RateWindowLengths): RateLimit[] {
  if (!ruleRate || ruleRate.until <= now) return limits;
  const minute = limits.find((limit) => limit.windowSeconds === lengths.minute);
  if (minute && minute.limit <= ruleRate.perMinute) return limits;
  const lowered = { windowSeconds: lengths.minute, limit: ruleRate.perMinute };
  return [lowered, ...limits.filter((limit) => limit.windowSeconds !== lengths.minute)];
}
