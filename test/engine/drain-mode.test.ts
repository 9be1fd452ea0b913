import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { setGatewayStatus } from "@/lib/console/gateways/set-gateway-status";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { createTestGateway } from "./create-test-gateway";
import { setUpEngineTests } from "./engine-test-kit";

const kit = setUpEngineTests();

describe("drain mode (issue 14)", () => {
  it("routes no new mail to a draining gateway, re-routes the mail waiting for it at once, and takes it back when enabled", async () => {
    const [drainingServer, otherServer] = await Promise.all([kit.startServer(), kit.startServer()]);
    const draining = await createTestGateway({ port: drainingServer.port });
    await createTestGateway({ port: otherServer.port });
    // Mail deferred by the gateway earlier, waiting for its retry in an hour.
    const waiting = await insertTestMessages(3, { nextAttemptAt: new Date(Date.now() + 3_600_000) });
    await getDb().message.updateMany({ where: { id: { in: waiting.map((m) => m.id) } }, data: { lastGatewayId: draining.id, attempts: 1 } });
    await insertTestMessages(10);

    expect(await setGatewayStatus({ id: draining.id, status: "DRAINING" })).toMatchObject({ status: "DRAINING", rerouted: 3 });
    expect(await kit.drain()).toMatchObject({ claimed: 13, delivered: 13 });
    expect(drainingServer.messages).toHaveLength(0);
    expect(otherServer.messages).toHaveLength(13);
    expect(await getDb().gateway.findUniqueOrThrow({ where: { id: draining.id }, select: { enabled: true, draining: true } })).toEqual({ enabled: true, draining: true });

    expect(await getDb().auditEntry.findMany({ where: { targetId: draining.id }, select: { action: true, after: true } })).toEqual([
      { action: "gateway.drain", after: { enabled: true, draining: true } },
    ]);
    await setGatewayStatus({ id: draining.id, status: "ENABLED" });
    await insertTestMessages(4);
    expect(await kit.drain()).toMatchObject({ claimed: 4, delivered: 4 });
    expect([drainingServer.messages.length, otherServer.messages.length]).toEqual([2, 15]);
  });

  it("sends a Specific Domains domain's mail per its failover setting while its gateway drains", async () => {
    const [specificServer, roundRobinServer] = await Promise.all([kit.startServer(), kit.startServer()]);
    const specific = await createTestGateway({ port: specificServer.port, type: "SPECIFIC_DOMAINS" });
    await createTestGateway({ port: roundRobinServer.port });
    await getDb().domain.create({ data: { name: "stays.example", gatewayId: specific.id, failoverToRoundRobin: false } });
    await getDb().domain.create({ data: { name: "moves.example", gatewayId: specific.id, failoverToRoundRobin: true } });
    await setGatewayStatus({ id: specific.id, status: "DRAINING" });
    await insertTestMessages(2, { from: "a@stays.example" });
    await insertTestMessages(3, { from: "a@moves.example" });

    expect(await kit.drain()).toMatchObject({ claimed: 5, delivered: 3 });
    expect(specificServer.messages).toHaveLength(0);
    expect(roundRobinServer.messages.map((m) => m.from)).toEqual(Array(3).fill("a@moves.example"));
    // The domain that does not fail over waits for its gateway: queued, unsent, no attempt counted.
    const waiting = await getDb().message.findMany({ where: { status: "QUEUED" } });
    expect(waiting.map((m) => [m.senderDomain, m.attempts, m.leaseToken])).toEqual([
      ["stays.example", 0, null],
      ["stays.example", 0, null],
    ]);
    expect(await getDb().deliveryAttempt.count({ where: { messageId: { in: waiting.map((m) => m.id) } } })).toBe(0);
  });

  it("holds mail while every gateway that routes it drains, counting no attempt, and sends it as soon as one is enabled again", async () => {
    const server = await kit.startServer();
    const only = await createTestGateway({ port: server.port });
    await setGatewayStatus({ id: only.id, status: "DRAINING" });
    const held = await insertTestMessages(2);

    expect(await kit.drain()).toMatchObject({ delivered: 0 });
    const waiting = await getDb().message.findMany({ where: { id: { in: held.map((m) => m.id) } } });
    expect(waiting.map((m) => [m.status, m.attempts])).toEqual([
      ["QUEUED", 0],
      ["QUEUED", 0],
    ]);
    expect(await getDb().deliveryAttempt.count({ where: { messageId: { in: held.map((m) => m.id) } } })).toBe(0);

    // Back to Enabled: the waiting mail is due at once, not at its next re-check.
    await setGatewayStatus({ id: only.id, status: "ENABLED" });
    expect(await kit.drain()).toMatchObject({ claimed: 2, delivered: 2 });
    expect(server.messages).toHaveLength(2);
  });
});
