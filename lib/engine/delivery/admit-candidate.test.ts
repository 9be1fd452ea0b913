import { describe, expect, it } from "vitest";
import { admitCandidate, type GatewayRefusal } from "./admit-candidate";
import type { RoutableGateway } from "./types";

const gateway = { id: "gw-b" } as RoutableGateway;
const until = new Date("2026-12-01T12:00:00Z");

describe("admitCandidate", () => {
  it("admits a gateway nothing stands against, and one whose slot was reserved", async () => {
    expect(await admitCandidate(gateway, { failedGateways: new Map() })).toBeNull();
    expect(await admitCandidate(gateway, { failedGateways: new Map(), admitGateway: () => Promise.resolve(null) })).toBeNull();
  });

  it("skips a suspended gateway until the suspension ends, without asking for a slot", async () => {
    let asked = 0;
    const skip = await admitCandidate(gateway, {
      failedGateways: new Map([["gw-b", "connect: ECONNREFUSED"]]),
      suspendedGateways: new Map([["gw-b", { until, rule: "Rule: too many" }]]),
      admitGateway: () => (asked++, null),
    });
    expect(skip).toEqual({ reason: "suspended until 2026-12-01T12:00:00.000Z (Rule: too many)", suspendedUntil: until });
    expect(asked).toBe(0);
  });

  it("skips a gateway that failed earlier in the batch, without asking for a slot", async () => {
    let asked = 0;
    const skip = await admitCandidate(gateway, { failedGateways: new Map([["gw-b", "connect: ECONNREFUSED"]]), admitGateway: () => (asked++, null) });
    expect(skip).toEqual({ reason: "connect: ECONNREFUSED" });
    expect(asked).toBe(0);
  });

  it("skips a gateway whose limit is full until it has room", async () => {
    const refusal: GatewayRefusal = { reason: "at its sending limit: skipped", until };
    expect(await admitCandidate(gateway, { failedGateways: new Map(), admitGateway: () => Promise.resolve(refusal) })).toEqual({ reason: refusal.reason, refusedUntil: until });
  });
});
