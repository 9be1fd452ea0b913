import { describe, expect, it } from "vitest";
import { describeNextAttempt, describePendingAction } from "./describe-next-attempt";

const now = new Date("2026-12-01T17:40:00Z");
const queued = { status: "QUEUED", nextAttemptAt: new Date("2026-12-01T17:37:27Z"), completedAt: null, leaseUntil: null };

describe("describeNextAttempt", () => {
  it("names the due time of a queued message", () => {
    expect(describeNextAttempt({ ...queued, nextAttemptAt: new Date("2026-12-01T18:00:00Z") }, now)).toEqual(["Next attempt", "2026-12-01 18:00:00 UTC"]);
  });

  it("says a leased message is being delivered, and when it is tried again if its worker stopped — not its past due time", () => {
    const leased = { ...queued, leaseUntil: new Date("2026-12-01T17:41:27Z") };
    expect(describeNextAttempt(leased, now)).toEqual(["Next attempt", "Being delivered now; if its worker stopped, tried again at 2026-12-01 17:41:27 UTC"]);
    expect(describePendingAction("hold", leased, now)).toBe("hold, applied when the delivery attempt under way ends (at the latest at 2026-12-01 17:41:27 UTC, when its lease ends)");
  });

  it("treats a lease that has run out as no lease", () => {
    const expired = { ...queued, leaseUntil: new Date("2026-12-01T17:39:59Z") };
    expect(describeNextAttempt(expired, now)).toEqual(["Next attempt", "2026-12-01 17:37:27 UTC"]);
    expect(describePendingAction("delete", expired, now)).toBe("delete, applied when the delivery attempt under way ends");
  });

  it("describes held and completed messages", () => {
    expect(describeNextAttempt({ ...queued, status: "HELD" }, now)).toEqual(["Next attempt", "None while held: released, it is due at once"]);
    expect(describeNextAttempt({ ...queued, status: "DELIVERED", completedAt: new Date("2026-12-01T17:38:00Z") }, now)).toEqual(["Completed", "2026-12-01 17:38:00 UTC"]);
  });
});
