import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { createTestGateway } from "./create-test-gateway";
import { setUpEngineTests } from "./engine-test-kit";

const kit = setUpEngineTests();

async function threeGatewaysAndADisabledOne() {
  const servers = await Promise.all([1, 2, 3, 4].map(() => kit.startServer()));
  for (const server of servers.slice(0, 3)) await createTestGateway({ port: server.port });
  await createTestGateway({ port: servers[3].port, enabled: false });
  return servers;
}

describe("round robin", () => {
  it("spreads 30 messages exactly evenly over 3 enabled gateways and none to a disabled one", async () => {
    const servers = await threeGatewaysAndADisabledOne();
    await insertTestMessages(30);

    const result = await kit.drain({ batchSize: 7 });

    expect(result).toEqual({ claimed: 30, delivered: 30, deferred: 0, failed: 0 });
    expect(servers.map((server) => server.messages.length)).toEqual([10, 10, 10, 0]);
    expect(await getDb().message.count({ where: { status: "DELIVERED", completedAt: { not: null }, leaseToken: null } })).toBe(30);
    const attempts = await getDb().deliveryAttempt.findMany({ select: { outcome: true, smtpCode: true } });
    expect(attempts).toHaveLength(30);
    expect(attempts.every((attempt) => attempt.outcome === "DELIVERED" && attempt.smtpCode === 250)).toBe(true);
  });

  it("stays fair and exactly-once with two drains running concurrently", async () => {
    const servers = await threeGatewaysAndADisabledOne();
    const inserted = await insertTestMessages(30);

    const results = await Promise.all([kit.drain({ batchSize: 4 }), kit.drain({ batchSize: 5 })]);

    expect(results[0].claimed + results[1].claimed).toBe(30);
    expect(servers.map((server) => server.messages.length)).toEqual([10, 10, 10, 0]);
    const received = servers.flatMap((server) => server.messages.map((message) => message.messageId));
    expect(new Set(received).size).toBe(30);
    expect(received.sort()).toEqual(inserted.map((m) => `<${m.messageId}>`).sort());
  });
});
