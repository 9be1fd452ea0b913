import { describe, expect, it } from "vitest";
import { chooseGateways, chooseGatewaysForBatch, countRoundRobinRoutes, type RoutingTable } from "./choose-gateways";
import { DEFAULT_SESSION_SETTINGS } from "../delivery/smtp/session-settings";
import type { RoutableGateway } from "../delivery/types";

function gateway(id: string, type: RoutableGateway["type"] = "ROUND_ROBIN", coolingDown = false): RoutableGateway {
  return {
    id,
    description: id,
    address: "127.0.0.1",
    port: 25,
    encryption: "NONE",
    verifyCertificate: true,
    type,
    authEnabled: false,
    authUsername: "",
    authPasswordEnc: null,
    updatedAt: new Date(0),
    coolingDown,
    session: DEFAULT_SESSION_SETTINGS,
  };
}

function table(gateways: RoutableGateway[], domains: Record<string, { gatewayId: string | null; failoverToRoundRobin: boolean }> = {}): RoutingTable {
  return { gateways, domains: new Map(Object.entries(domains)) };
}

const ids = (list: RoutableGateway[]) => list.map((g) => g.id);

describe("chooseGateways", () => {
  const ring = [gateway("a"), gateway("b"), gateway("c")];

  it("rotates the round-robin ring by the cursor position", () => {
    expect(ids(chooseGateways("x.org", table(ring), 0n))).toEqual(["a", "b", "c"]);
    expect(ids(chooseGateways("x.org", table(ring), 4n))).toEqual(["b", "c", "a"]);
    expect(ids(chooseGateways("x.org", table(ring), 9_007_199_254_740_993n))).toEqual(["a", "b", "c"]);
  });

  it("moves gateways in cool-down to the end instead of dropping them", () => {
    const t = table([gateway("a", "ROUND_ROBIN", true), gateway("b"), gateway("c")]);
    expect(ids(chooseGateways("x.org", t, 0n))).toEqual(["b", "c", "a"]);
  });

  it("sends a pinned domain only to its gateway, plus the ring when it may fail over", () => {
    const gateways = [...ring, gateway("s", "SPECIFIC_DOMAINS")];
    expect(ids(chooseGateways("Pinned.ORG", table(gateways, { "pinned.org": { gatewayId: "s", failoverToRoundRobin: false } }), 1n))).toEqual(["s"]);
    expect(ids(chooseGateways("pinned.org", table(gateways, { "pinned.org": { gatewayId: "s", failoverToRoundRobin: true } }), 1n))).toEqual([
      "s",
      "b",
      "c",
      "a",
    ]);
    // Specific Domains gateways never carry round-robin mail.
    expect(ids(chooseGateways("other.org", table(gateways), 0n))).toEqual(["a", "b", "c"]);
  });

  it("uses round robin when the pinned gateway is disabled or gone", () => {
    expect(ids(chooseGateways("pinned.org", table(ring, { "pinned.org": { gatewayId: "s", failoverToRoundRobin: false } }), 0n))).toEqual(["a", "b", "c"]);
  });

  it("returns nothing when no gateway fits", () => {
    expect(chooseGateways("x.org", table([gateway("s", "SPECIFIC_DOMAINS")]), 0n)).toEqual([]);
  });

  it("gives each round-robin message of a batch its own consecutive slot", () => {
    const gateways = [...ring, gateway("s", "SPECIFIC_DOMAINS")];
    const t = table(gateways, { "pinned.org": { gatewayId: "s", failoverToRoundRobin: false } });
    const domains = ["x.org", "pinned.org", "x.org", "x.org", "x.org"];
    expect(countRoundRobinRoutes(domains, t)).toBe(4);
    expect(chooseGatewaysForBatch(domains, t, 2n).map((route) => route[0].id)).toEqual(["c", "s", "a", "b", "c"]);
  });
});
