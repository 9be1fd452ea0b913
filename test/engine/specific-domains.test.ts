import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { insertTestMessage, insertTestMessages } from "@/test/queue/insert-test-message";
import { closedPort, createTestGateway } from "./create-test-gateway";
import { setUpEngineTests } from "./engine-test-kit";

const kit = setUpEngineTests();

async function setup({ specificPort, failoverToRoundRobin }: { specificPort?: number; failoverToRoundRobin: boolean }) {
  const specificServer = await kit.startServer();
  const roundRobinServer = await kit.startServer();
  const specific = await createTestGateway({ port: specificPort ?? specificServer.port, type: "SPECIFIC_DOMAINS" });
  await createTestGateway({ port: roundRobinServer.port });
  await getDb().domain.create({ data: { name: "pinned.example", gatewayId: specific.id, failoverToRoundRobin } });
  return { specificServer, roundRobinServer, specific };
}

describe("Specific Domains gateways", () => {
  it("carry only their domains' mail, and never round-robin mail", async () => {
    const { specificServer, roundRobinServer } = await setup({ failoverToRoundRobin: true });
    // Domain names match case-insensitively.
    await insertTestMessages(5, { from: "news@pinned.example", senderDomain: "Pinned.Example" });
    await insertTestMessages(4, { from: "someone@other.example" });

    expect(await kit.drain()).toMatchObject({ claimed: 9, delivered: 9 });
    expect(specificServer.messages.map((m) => m.from)).toEqual(Array(5).fill("news@pinned.example"));
    expect(roundRobinServer.messages.map((m) => m.from)).toEqual(Array(4).fill("someone@other.example"));
  });

  it("keep the mail queued when their gateway is down and the domain does not fail over", async () => {
    const { roundRobinServer } = await setup({ specificPort: await closedPort(), failoverToRoundRobin: false });
    const { id } = await insertTestMessage({ from: "a@pinned.example" });

    expect(await kit.drain()).toMatchObject({ claimed: 1, delivered: 0, deferred: 1 });
    expect(roundRobinServer.messages).toHaveLength(0);
    const message = await getDb().message.findUniqueOrThrow({ where: { id }, include: { recipients: true, deliveryLog: true } });
    expect(message.status).toBe("QUEUED");
    expect(message.lastError).toMatch(/^No usable gateway: .*ECONNREFUSED/);
    expect(message.recipients[0].status).toBe("PENDING");
    // No other gateway was tried, so this is no failover: the message waits (deferred) for its own gateway.
    expect(message.deliveryLog.map((attempt) => attempt.outcome)).toEqual(["DEFERRED"]);
    expect(message.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 200_000);
  });

  it("fall over to round robin when the domain allows it", async () => {
    const { roundRobinServer, specific } = await setup({ specificPort: await closedPort(), failoverToRoundRobin: true });
    const { id } = await insertTestMessage({ from: "a@pinned.example" });

    expect(await kit.drain()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(roundRobinServer.messages).toHaveLength(1);
    const log = await getDb().deliveryAttempt.findMany({ where: { messageId: id }, orderBy: { id: "asc" } });
    expect(log.map((attempt) => [attempt.gatewayId === specific.id, attempt.outcome])).toEqual([
      [true, "FAILOVER"],
      [false, "DELIVERED"],
    ]);
    const health = await getDb().gatewayHealth.findUniqueOrThrow({ where: { gatewayId: specific.id } });
    expect(health.cooldownUntil!.getTime()).toBeGreaterThan(Date.now());
  });

  it("route a domain whose gateway is disabled through round robin instead of stranding it", async () => {
    const { specificServer, roundRobinServer, specific } = await setup({ failoverToRoundRobin: false });
    await getDb().gateway.update({ where: { id: specific.id }, data: { enabled: false } });
    await insertTestMessage({ from: "a@pinned.example" });

    expect(await kit.drain()).toMatchObject({ delivered: 1 });
    expect(specificServer.messages).toHaveLength(0);
    expect(roundRobinServer.messages).toHaveLength(1);
  });
});
