import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { createTestGateway } from "@/test/engine/create-test-gateway";
import { resetDatabase } from "@/test/db";
import { coolDownGateway } from "./gateway-cooldown";
import { createRoutingTableCache, loadRoutingTable } from "./load-routing-table";
import { DEFAULT_SESSION_SETTINGS } from "@/lib/engine/delivery/smtp/session-settings";
import { closeAllTransports, getTransport } from "@/lib/engine/delivery/transport-pool";
import { toGatewayConnection } from "@/lib/engine/delivery/gateway-connection";
import { updateGateway } from "@/lib/console/gateways/update-gateway";
import { gatewayInputSchema } from "@/lib/validation/gateway";

describe("routing table", () => {
  beforeEach(resetDatabase);

  it("loads enabled gateways with their cool-down and the hosted sender domains", async () => {
    const on = await createTestGateway({ port: 2525 });
    await createTestGateway({ port: 2526, enabled: false });
    await getDb().domain.create({ data: { name: "example.org", gatewayId: null, failoverToRoundRobin: true } });
    await coolDownGateway(on.id, 30, "down");
    const table = await loadRoutingTable(["Example.ORG", "unknown.example"]);
    expect(table.gateways.map((g) => [g.id, g.coolingDown])).toEqual([[on.id, true]]);
    expect([...table.domains]).toEqual([["example.org", { id: expect.any(String), gatewayId: null, failoverToRoundRobin: true, limits: [] }]]);
  });

  it("leaves draining gateways out of the ring and names them, with each gateway's weight and limits", async () => {
    const on = await createTestGateway({ port: 2525 });
    const draining = await createTestGateway({ port: 2526 });
    await getDb().gateway.update({ where: { id: on.id }, data: { weight: 3, perMinuteLimit: 60, perDayLimit: 1000 } });
    await getDb().gateway.update({ where: { id: draining.id }, data: { draining: true } });
    await getDb().domain.create({ data: { name: "capped.example", perHourLimit: 5, limitAction: "DELAY" } });
    await getDb().domain.create({ data: { name: "refused.example", perHourLimit: 5, limitAction: "REJECT" } });

    const table = await loadRoutingTable(["capped.example", "refused.example"]);

    expect(table.gateways.map((g) => [g.id, g.weight, g.limits])).toEqual([
      [on.id, 3, [{ windowSeconds: 60, limit: 60 }, { windowSeconds: 86_400, limit: 1000 }]],
    ]);
    expect([...(table.drainingIds ?? [])]).toEqual([draining.id]);
    // Only a Delay limit holds mail in the queue; a Reject limit acts at submission.
    expect(table.domains.get("capped.example")?.limits).toEqual([{ windowSeconds: 3600, limit: 5 }]);
    expect(table.domains.get("refused.example")?.limits).toEqual([]);
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

describe("routing table session settings", () => {
  beforeEach(resetDatabase);

  it("are the gateway's stored settings, in ms; a gateway that never set them gets DEFAULT_SESSION_SETTINGS", async () => {
    const plain = await createTestGateway({ port: 2525 });
    const tuned = await createTestGateway({ port: 2526 });
    await getDb().gateway.update({
      where: { id: tuned.id },
      data: {
        authMechanism: "CRAM_MD5",
        connectTimeoutSeconds: 5,
        greetingTimeoutSeconds: 6,
        mailTimeoutSeconds: 7,
        rcptTimeoutSeconds: 8,
        dataInitTimeoutSeconds: 9,
        dataBlockTimeoutSeconds: 10,
        dataTermTimeoutSeconds: 11,
        maxConnections: 2,
        messagesPerConnection: 3,
        recipientsPerTransaction: 4,
      },
    });
    const sessions = new Map((await loadRoutingTable([])).gateways.map((gateway) => [gateway.id, gateway.session]));
    expect(sessions.get(plain.id)).toEqual(DEFAULT_SESSION_SETTINGS);
    expect(sessions.get(tuned.id)).toEqual({
      authMechanism: "CRAM_MD5",
      timeouts: { connectMs: 5000, greetingMs: 6000, mailMs: 7000, rcptMs: 8000, dataInitMs: 9000, dataBlockMs: 10_000, dataTermMs: 11_000 },
      maxConnections: 2,
      messagesPerConnection: 3,
      recipientsPerTransaction: 4,
    });
  });

  it("reach the transport after an edit in the console: the edit changes updatedAt, the pool's version", async () => {
    const created = await createTestGateway({ port: 2525, description: "relay" });
    const [before] = (await loadRoutingTable([])).gateways;
    const first = getTransport(toGatewayConnection(before), before.updatedAt.toISOString());
    expect(first.options.recipientsPerTransaction).toBe(100);

    const values = gatewayInputSchema.parse({ description: "relay", address: "127.0.0.1", port: 2525, encryption: "NONE", enabled: "true", type: "ROUND_ROBIN", recipientsPerTransaction: 7 });
    await updateGateway({ id: created.id, values });
    const [after] = (await loadRoutingTable([])).gateways;
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    const second = getTransport(toGatewayConnection(after), after.updatedAt.toISOString());
    expect(second).not.toBe(first);
    expect(second.options.recipientsPerTransaction).toBe(7);
    closeAllTransports();
  });
});
