import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { insertTestMessage, insertTestMessages } from "@/test/queue/insert-test-message";
import type { StartTestSmtpServerOptions } from "@/test/smtp/start-test-smtp-server";
import { closedPort, createTestGateway, orderedId, type TestGatewayInput } from "./create-test-gateway";
import { setUpEngineTests, TEST_TRANSPORT } from "./engine-test-kit";
import { startSilentPeer } from "@/test/smtp/silent-peer";

const kit = setUpEngineTests();

type BrokenGateway = { server?: StartTestSmtpServerOptions; gateway: Partial<TestGatewayInput>; reason: RegExp };

// Each way a gateway can be unusable as a whole; the message must go out through the next gateway at once.
const BROKEN: Record<string, BrokenGateway> = {
  "port closed": { gateway: {}, reason: /ECONNREFUSED/ },
  "certificate rejected": {
    server: { tls: "implicit" },
    gateway: { encryption: "IMPLICIT_TLS", verifyCertificate: true },
    reason: /^tls: .*certificate/i,
  },
  "AUTH refused (535)": {
    server: { auth: { user: "relay", pass: "right" } },
    gateway: { auth: { user: "relay", pass: "wrong" } },
    reason: /^auth: .*535/,
  },
  "STARTTLS required but not offered": {
    server: { tls: "starttls", hideStartTls: true },
    gateway: { encryption: "STARTTLS_REQUIRED" },
    reason: /STARTTLS|tls/i,
  },
  "421 greeting": { server: { greeting421: true }, gateway: {}, reason: /421/ },
};

describe("failover", () => {
  for (const [name, broken] of Object.entries(BROKEN)) {
    it(`delivers through the next gateway when the first one fails: ${name}`, async () => {
      const port = broken.server ? (await kit.startServer(broken.server)).port : await closedPort();
      const good = await kit.startServer();
      const first = await createTestGateway({ id: orderedId(1), port, ...broken.gateway });
      await createTestGateway({ id: orderedId(2), port: good.port });
      const { id } = await insertTestMessage();

      expect(await kit.drain()).toEqual({ claimed: 1, delivered: 1, deferred: 0, failed: 0 });
      expect(good.messages).toHaveLength(1);
      const log = await getDb().deliveryAttempt.findMany({ where: { messageId: id }, orderBy: { id: "asc" } });
      expect(log.map((attempt) => [attempt.gatewayId, attempt.outcome])).toEqual([
        [first.id, "FAILOVER"],
        [orderedId(2), "DELIVERED"],
      ]);
      expect(log[0].response).toMatch(broken.reason);
      expect(log[0].gatewayLabel).toBe(`${first.description} (127.0.0.1:${port})`);
      const health = await getDb().gatewayHealth.findUniqueOrThrow({ where: { gatewayId: first.id } });
      expect(health.cooldownUntil!.getTime()).toBeGreaterThan(Date.now());
      expect(health.lastError).toMatch(broken.reason);
    });
  }

  it("tries a gateway in cool-down last", async () => {
    const [a, b] = [await kit.startServer(), await kit.startServer()];
    await createTestGateway({ id: orderedId(1), port: a.port });
    await createTestGateway({ id: orderedId(2), port: b.port });
    await getDb().gatewayHealth.create({ data: { gatewayId: orderedId(1), cooldownUntil: new Date(Date.now() + 60_000) } });
    await insertTestMessage();
    await insertTestMessage();

    await kit.drain();
    expect([a.messages.length, b.messages.length]).toEqual([0, 2]);
  });

  it("keeps the message queued with a visible reason when every gateway is down, and delivers once one is back", async () => {
    const first = await createTestGateway({ id: orderedId(1), port: await closedPort() });
    await createTestGateway({ id: orderedId(2), port: await closedPort() });
    const { id } = await insertTestMessage();

    expect(await kit.drain()).toEqual({ claimed: 1, delivered: 0, deferred: 1, failed: 0 });
    const waiting = await getDb().message.findUniqueOrThrow({ where: { id }, include: { recipients: true } });
    expect(waiting).toMatchObject({ status: "QUEUED", attempts: 1, leaseToken: null, completedAt: null });
    expect(waiting.lastError).toMatch(/^No usable gateway: gw\d+ \(127\.0\.0\.1:\d+\): connection: .*ECONNREFUSED.*; gw\d+ /);
    expect(waiting.recipients[0].status).toBe("PENDING");
    // "Failover" only where another gateway was then tried: the first failed over to the second, the second to none.
    const log = await getDb().deliveryAttempt.findMany({ where: { messageId: id }, orderBy: { id: "asc" } });
    expect(log.map((attempt) => [attempt.gatewayId, attempt.outcome])).toEqual([
      [first.id, "FAILOVER"],
      [orderedId(2), "DEFERRED"],
    ]);
    // The first retry waits for the first delay of the schedule (5 minutes by default).
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 290_000);

    const server = await kit.startServer();
    await getDb().gateway.update({ where: { id: first.id }, data: { port: server.port } });
    await getDb().message.update({ where: { id }, data: { nextAttemptAt: new Date() } });

    expect(await kit.drain()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(server.messages).toHaveLength(1);
    const done = await getDb().message.findUniqueOrThrow({ where: { id } });
    expect(done).toMatchObject({ status: "DELIVERED", attempts: 2, lastError: null, lastGatewayId: first.id });
    // A gateway that delivered again leaves its cool-down at once.
    expect((await getDb().gatewayHealth.findUniqueOrThrow({ where: { gatewayId: first.id } })).cooldownUntil).toBeNull();
  });

  it("defers with a reason when no gateway exists at all", async () => {
    const { id } = await insertTestMessage();
    expect(await kit.drain()).toMatchObject({ deferred: 1 });
    const message = await getDb().message.findUniqueOrThrow({ where: { id }, include: { deliveryLog: true } });
    expect(message.status).toBe("QUEUED");
    expect(message.lastError).toBe("No usable gateway: no enabled gateway routes this sender domain");
    expect(message.deliveryLog.map((attempt) => [attempt.gatewayId, attempt.outcome])).toEqual([[null, "DEFERRED"]]);
  });

  // A gateway that takes connections and never greets (a blackholed smarthost) costs the greeting timeout, 5 minutes by
  // default (RFC 5321 §4.5.3.2.1). The claims of a drain are routed ahead (four at a time by default): each used to try
  // it once more, one after another at a send concurrency of 1 — four timeouts instead of one.
  it("tries a silent gateway once per drain, not once per claim in flight, then sends the rest through the next", async () => {
    const silent = await startSilentPeer();
    try {
      const server = await kit.startServer();
      const dead = await createTestGateway({ id: orderedId(1), port: silent.port });
      await createTestGateway({ id: orderedId(2), port: server.port });
      await insertTestMessages(20);

      const transport = { ...TEST_TRANSPORT, timeouts: { ...TEST_TRANSPORT!.timeouts, greetingMs: 1_000 } };
      expect(await kit.drain({ batchSize: 20, pipelineDepth: 4, concurrency: 1, transport })).toMatchObject({ claimed: 20, delivered: 20 });
      expect(await getDb().deliveryAttempt.count({ where: { gatewayId: dead.id } })).toBe(1);
      expect(server.messages).toHaveLength(20);
    } finally {
      await silent.close();
    }
  });
});
