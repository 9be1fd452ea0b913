import { describe, expect, it } from "vitest";
import { judgeCandidate, type CandidateFacts } from "./judge-candidate";

const NOW = new Date("2026-12-01T03:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function candidate(fields: Partial<CandidateFacts>): CandidateFacts {
  return { id: "g1", description: "alpha", type: "ROUND_ROBIN", weight: 1, cooldownUntil: null, lastError: null, suspendedUntil: null, suspendedBy: null, ruleRate: null, limits: [], rules: [], ...fields };
}

describe("judgeCandidate", () => {
  it("takes a healthy gateway without limits", () => {
    const verdict = judgeCandidate(candidate({}), NOW, false);
    expect(verdict).toMatchObject({ usable: true, waits: false });
    expect(verdict.steps.map((step) => step.text)).toEqual(['"alpha" (round-robin gateway (weight 1)) is enabled and healthy, with no sending limit.']);
  });

  it("skips a gateway an answer rule suspended, before looking at anything else", () => {
    const verdict = judgeCandidate(candidate({ suspendedUntil: later(5), suspendedBy: 'Rule "SES"', limits: [{ windowSeconds: 60, limit: 1, used: 0, endsAt: later(1) }] }), NOW, false);
    expect(verdict).toMatchObject({ usable: false, waits: false });
    expect(verdict.steps).toEqual([{ topic: "rule", verdict: "skip", gatewayId: "g1", text: '"alpha" (round-robin gateway (weight 1)) is suspended until 2026-12-01 03:05:00 UTC by Rule "SES": skipped.' }]);
  });

  it("overflows from a full round-robin gateway, and holds at a full Specific Domains gateway unless the domain fails over", () => {
    const full = { limits: [{ windowSeconds: 3600, limit: 500, used: 500, endsAt: later(60) }] };
    expect(judgeCandidate(candidate(full), NOW, false)).toMatchObject({ usable: false, waits: false });
    expect(judgeCandidate(candidate({ ...full, type: "SPECIFIC_DOMAINS" }), NOW, false)).toMatchObject({ usable: false, waits: true });
    expect(judgeCandidate(candidate({ ...full, type: "SPECIFIC_DOMAINS" }), NOW, true)).toMatchObject({ usable: false, waits: false });
  });

  it("keeps a gateway in cool-down usable (tried last) and names lowered rates and watching rules", () => {
    const verdict = judgeCandidate(candidate({ cooldownUntil: later(1), lastError: "connection: ECONNREFUSED", ruleRate: { perMinute: 30, until: later(10) }, rules: ["Gmail"] }), NOW, false);
    expect(verdict.usable).toBe(true);
    expect(verdict.steps.map((step) => step.text)).toEqual([
      "An answer rule lowered \"alpha\"'s rate to 30 per minute until 2026-12-01 03:10:00 UTC.",
      "Answer rules watching \"alpha\"'s answers: Gmail.",
      '"alpha" (round-robin gateway (weight 1)) is in cool-down until 2026-12-01 03:01:00 UTC after "connection: ECONNREFUSED": tried only after the healthy ones.',
    ]);
  });
});
