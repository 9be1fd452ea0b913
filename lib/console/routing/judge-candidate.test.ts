import { describe, expect, it } from "vitest";
import { judgeCandidate, type CandidateFacts } from "./judge-candidate";

const NOW = new Date("2026-12-01T03:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function candidate(fields: Partial<CandidateFacts>): CandidateFacts {
  return { id: "g1", description: "alpha", type: "ROUND_ROBIN", weight: 1, cooldownUntil: null, lastError: null, down: null, suspendedUntil: null, suspendedBy: null, ruleRate: null, limits: [], rules: [], ...fields };
}

const texts = (steps: ReturnType<typeof judgeCandidate>) => steps.map((step) => `${step.verdict}: ${step.text}`);

describe("judgeCandidate", () => {
  it("takes a healthy gateway without limits", () => {
    expect(texts(judgeCandidate(candidate({}), "takes", true))).toEqual(['ok: "alpha" (round-robin gateway (weight 1)) is enabled and healthy, with no sending limit.']);
  });

  it("says by which rule and until when a suspended gateway is skipped, and nothing else", () => {
    const steps = judgeCandidate(candidate({ suspendedUntil: later(5), suspendedBy: 'Rule "SES"', limits: [{ windowSeconds: 60, limit: 1, used: 0, endsAt: later(1) }] }), "suspended", true);
    expect(steps).toEqual([{ topic: "rule", verdict: "skip", gatewayId: "g1", text: '"alpha" (round-robin gateway (weight 1)) is suspended until 2026-12-01 03:05:00 UTC by Rule "SES": skipped.' }]);
  });

  it("overflows from a full gateway, or says the mail waits when the route holds it", () => {
    const full = candidate({ limits: [{ windowSeconds: 3600, limit: 500, used: 500, endsAt: later(60) }] });
    expect(texts(judgeCandidate(full, "full", true))).toEqual([
      'skip: "alpha": limit 500 per hour — 500 / 500 this hour, room again at 2026-12-01 04:00:00 UTC.',
      'skip: "alpha" is at its limit (500 / 500 this hour): the mail overflows to the next gateway.',
    ]);
    expect(texts(judgeCandidate(full, "full", false)).at(-1)).toBe('wait: "alpha" is at its limit (500 / 500 this hour): the mail waits until its window has room.');
  });

  it("reads a gateway in cool-down as skipped with the reason and until when, never as ok", () => {
    const cooling = candidate({ cooldownUntil: later(1), lastError: "connection: ECONNREFUSED", ruleRate: { perMinute: 30, until: later(10) }, rules: ["Gmail"] });
    expect(texts(judgeCandidate(cooling, "cooling", true))).toEqual([
      "info: An answer rule lowered \"alpha\"'s rate to 30 per minute until 2026-12-01 03:10:00 UTC.",
      "info: Answer rules watching \"alpha\"'s answers: Gmail.",
      'skip: "alpha" (round-robin gateway (weight 1)) is in cool-down until 2026-12-01 03:01:00 UTC after "connection: ECONNREFUSED": skipped while a healthy gateway can take the mail; tried only if every gateway before it fails.',
    ]);
  });

  it("names a Down gateway's failed probe, and its last-resort try when nothing healthy is left", () => {
    const down = candidate({ cooldownUntil: later(5), down: { at: later(-1), error: "tls: certificate expired" } });
    expect(texts(judgeCandidate(down, "lastResort", true))).toEqual([
      'wait: "alpha" (round-robin gateway (weight 1)) is Down (its last probe at 2026-12-01 02:59:00 UTC failed: "tls: certificate expired") and in cool-down until 2026-12-01 03:05:00 UTC: no healthy gateway is left, so the drain still tries it as the last resort; if it fails again the mail waits for its next retry.',
    ]);
  });
});
