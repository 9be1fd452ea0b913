import { describe, expect, it } from "vitest";
import { RATE_WINDOW_SECONDS } from "./rate-limits";
import { withRuleRate } from "./answer-rules-rate";

const NOW = new Date("2026-12-01T03:00:00Z");
const until = new Date(NOW.getTime() + 600_000);

describe("withRuleRate", () => {
  it("adds or lowers the per-minute limit while the rule is in force", () => {
    expect(withRuleRate([], { perMinute: 5, until }, NOW, RATE_WINDOW_SECONDS)).toEqual([{ windowSeconds: 60, limit: 5 }]);
    expect(withRuleRate([{ windowSeconds: 60, limit: 100 }, { windowSeconds: 3600, limit: 1000 }], { perMinute: 5, until }, NOW, RATE_WINDOW_SECONDS)).toEqual([
      { windowSeconds: 60, limit: 5 },
      { windowSeconds: 3600, limit: 1000 },
    ]);
  });

  it("keeps a stricter configured limit, and changes nothing once the rule expired", () => {
    expect(withRuleRate([{ windowSeconds: 60, limit: 3 }], { perMinute: 5, until }, NOW, RATE_WINDOW_SECONDS)).toEqual([{ windowSeconds: 60, limit: 3 }]);
    expect(withRuleRate([{ windowSeconds: 3600, limit: 10 }], { perMinute: 5, until: NOW }, NOW, RATE_WINDOW_SECONDS)).toEqual([{ windowSeconds: 3600, limit: 10 }]);
  });
});
