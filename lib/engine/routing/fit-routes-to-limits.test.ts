import { describe, expect, it } from "vitest";
import type { RoutingGateway } from "./choose-gateways";
import { fitRoutesToLimits, rateDemandsOf, type RouteRequest } from "./fit-routes-to-limits";
import type { RateRoom } from "./reserve-rate-slots";

const gateway = (id: string, limit?: number) =>
  ({ id, description: id, limits: limit === undefined ? [] : [{ windowSeconds: 60, limit }] }) as unknown as RoutingGateway;
const END = new Date("2026-01-01T00:01:00Z");
const room = (left: number): RateRoom => ({ room: left, used: [{ windowSeconds: 60, used: 10 - left, limit: 10, endsAt: END }] });

describe("fitRoutesToLimits", () => {
  const a = gateway("a", 10);
  const b = gateway("b");

  it("overflows to the next gateway once a limited one is full, and counts what it took", () => {
    const requests: RouteRequest[] = [0, 1, 2].map(() => ({ gateways: [a, b], domain: null }));
    const { result, taken } = fitRoutesToLimits(requests, new Map([["gateway:a", room(2)]]));
    expect(result.map((fitted) => (fitted.kind === "send" ? fitted.gateways.map((g) => g.id).join("") : "hold"))).toEqual(["ab", "ab", "b"]);
    expect(result[2].reasons[0]).toMatch(/^a is at its limit/);
    expect(taken).toEqual(new Map([["gateway:a", 2]]));
  });

  it("holds a message every gateway of which is full until the first window ends, also a window this batch filled", () => {
    const { result, taken } = fitRoutesToLimits([{ gateways: [a], domain: null }], new Map([["gateway:a", room(0)]]));
    expect(result[0]).toMatchObject({ kind: "hold", until: END });
    expect(taken.size).toBe(0);
    const filled = fitRoutesToLimits([0, 1].map(() => ({ gateways: [a], domain: null })), new Map([["gateway:a", room(1)]]));
    expect(filled.result[1]).toMatchObject({ kind: "hold", until: END });
  });

  it("holds a message whose domain reached its Delay limit, and takes a domain slot otherwise", () => {
    const domain = { subject: "domain:d", limits: [{ windowSeconds: 3600, limit: 1 }] };
    const requests: RouteRequest[] = [
      { gateways: [b], domain },
      { gateways: [b], domain },
    ];
    expect(rateDemandsOf(requests)).toEqual([{ subject: "domain:d", limits: domain.limits }]);
    const { result, taken } = fitRoutesToLimits(requests, new Map([["domain:d", room(1)]]));
    expect(result.map((fitted) => fitted.kind)).toEqual(["send", "hold"]);
    expect(result[0]).toMatchObject({ reserved: ["domain:d"] });
    expect(taken).toEqual(new Map([["domain:d", 1]]));
  });

  it("holds mail that must wait with no gateway, and sends mail with no gateway at all to delivery as before", () => {
    const { result } = fitRoutesToLimits([{ gateways: [], domain: null, wait: "draining" }, { gateways: [], domain: null }], new Map());
    expect(result.map((fitted) => fitted.kind)).toEqual(["hold", "send"]);
  });
});
