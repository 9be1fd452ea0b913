import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { createTestGateway } from "@/test/engine/create-test-gateway";
import { resetDatabase } from "@/test/db";
import { coolDownGateway } from "./gateway-cooldown";
import { createRoutingTableCache, loadRoutingTable } from "./load-routing-table";

describe("routing table", () => {
  beforeEach(resetDatabase);

  it("loads enabled gateways with their cool-down and the hosted sender domains", async () => {
    const on = await createTestGateway({ port: 2525 });
    await createTestGateway({ port: 2526, enabled: false });
    await getDb().domain.create({ data: { name: "example.org", gatewayId: null, failoverToRoundRobin: true } });
    await coolDownGateway(on.id, 30, "down");
    const table = await loadRoutingTable(["Example.ORG", "unknown.example"]);
    expect(table.gateways.map((g) => [g.id, g.coolingDown])).toEqual([[on.id, true]]);
    expect([...table.domains]).toEqual([["example.org", { gatewayId: null, failoverToRoundRobin: true }]]);
  });

  it("serves one drain's batches from rows at most maxAgeMs old, and reloads gateways after invalidate()", async () => {
    const gateway = await createTestGateway({ port: 2525 });
    const cache = createRoutingTableCache({ balancing: "ROUND_ROBIN", maxAgeMs: 60_000 });
    expect((await cache.load(["example.org"])).gateways).toHaveLength(1);
    expect((await cache.load(["example.org"])).domains.size).toBe(0);

    await getDb().gateway.update({ where: { id: gateway.id }, data: { enabled: false } });
    await getDb().domain.create({ data: { name: "example.org" } });
    const cached = await cache.load(["example.org", "example.net"]);
    expect(cached.gateways).toHaveLength(1);
    expect(cached.domains.size).toBe(0);

    cache.invalidate();
    expect((await cache.load(["example.org"])).gateways).toHaveLength(0);
    const fresh = createRoutingTableCache({ balancing: "ROUND_ROBIN", maxAgeMs: 0 });
    expect((await fresh.load(["example.org"])).domains.has("example.org")).toBe(true);
  });
});
