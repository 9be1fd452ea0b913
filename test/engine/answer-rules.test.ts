import { describe, expect, it, onTestFinished } from "vitest";
import { getDb } from "@/lib/platform/db";
import { recordProbe } from "@/lib/engine/routing/gateway-probes";
import { listGatewayHealth } from "@/lib/console/gateways/list-gateway-health";
import { insertTestMessage, insertTestMessages } from "@/test/queue/insert-test-message";
import { startScriptedSmtpServer, type ScriptedSmtpServer } from "@/test/smtp/scripted-smtp-server";
import { createTestGateway, orderedId } from "./create-test-gateway";
import { setUpEngineTests } from "./engine-test-kit";

const kit = setUpEngineTests();

const RATE_LIMITED = "421 4.7.0 Try again later: rate limit exceeded for this account";

async function scripted(script: Parameters<typeof startScriptedSmtpServer>[0]): Promise<ScriptedSmtpServer> {
  const server = await startScriptedSmtpServer(script);
  onTestFinished(() => server.close());
  return server;
}

function createRule(data: { action: "SUSPEND_GATEWAY" | "LOWER_RATE" | "DEFER_MESSAGE"; minutes: number; matchCode?: string; matchText?: string; matchEnhancedCode?: string; gatewayId?: string }) {
  return getDb().gatewayAnswerRule.create({ data: { name: `rule ${data.action}`, position: 1, ratePerMinute: data.action === "LOWER_RATE" ? 10 : null, ...data } });
}


describe("answer rules", () => {
  it('suspends a gateway that answers "421 4.7.0 rate limit" for the rule\'s minutes, and the mail goes elsewhere', async () => {
    const limited = await scripted({ script: { mail: () => RATE_LIMITED } });
    const good = await kit.startServer();
    await createTestGateway({ id: orderedId(1), port: limited.port, description: "limited" });
    await createTestGateway({ id: orderedId(2), port: good.port, description: "good" });
    await createRule({ action: "SUSPEND_GATEWAY", minutes: 10, matchCode: "421", matchEnhancedCode: "4.7", matchText: "rate limit" });
    const messages = await insertTestMessages(6);

    const before = Date.now();
    expect(await kit.drain()).toMatchObject({ claimed: 6, delivered: 6, deferred: 0 });
    expect(good.messages).toHaveLength(6);
    const health = await getDb().gatewayHealth.findUniqueOrThrow({ where: { gatewayId: orderedId(1) } });
    // Ten minutes from when it fired, for every worker (shared cool-down), and named in gateway health.
    expect(health.suspendedUntil!.getTime()).toBeGreaterThanOrEqual(before + 10 * 60_000 - 1000);
    expect(health.suspendedUntil!.getTime()).toBeLessThanOrEqual(Date.now() + 10 * 60_000 + 1000);
    expect(health.cooldownUntil!.getTime()).toBe(health.suspendedUntil!.getTime());
    expect(health.ruleFired).toMatch(/^Rule "rule SUSPEND_GATEWAY": suspend the gateway for 10 min — .*421 4\.7\.0 Try again later/);

    // The attempt that met the answer names the rule; the limited gateway saw at most the batch's first tries.
    const logged = await getDb().deliveryAttempt.findMany({ where: { messageId: { in: messages.map((m) => m.id) }, gatewayId: orderedId(1) } });
    expect(logged.length).toBeGreaterThanOrEqual(1);
    for (const attempt of logged) expect(attempt).toMatchObject({ outcome: "FAILOVER", smtpCode: 421, ruleFired: 'Rule "rule SUSPEND_GATEWAY": suspend the gateway for 10 min' });

    // Gateway health says so: cooling down because of the rule, until when, and which rule fired.
    const view = (await listGatewayHealth()).find((row) => row.gatewayId === orderedId(1))!;
    expect(view).toMatchObject({ state: "COOLING_DOWN", suspendedUntil: health.suspendedUntil, ruleFiredAt: health.ruleFiredAt });
    expect(view.ruleFired).toMatch(/^Rule "rule SUSPEND_GATEWAY"/);

    // A successful probe does not end the suspension; the next drain does not even connect to the gateway.
    await recordProbe({ gatewayId: orderedId(1), ok: true, latencyMs: 3, error: null }, 30);
    const sessionsBefore = limited.sessions.length;
    await insertTestMessages(4);
    expect(await kit.drain()).toMatchObject({ claimed: 4, delivered: 4 });
    expect(limited.sessions.length).toBe(sessionsBefore);
    expect(good.messages).toHaveLength(10);
    const after = await getDb().gatewayHealth.findUniqueOrThrow({ where: { gatewayId: orderedId(1) } });
    expect(after.cooldownUntil!.getTime()).toBe(health.suspendedUntil!.getTime());
  });

  it("uses the gateway again once the suspension is over", async () => {
    const server = await kit.startServer();
    await createTestGateway({ id: orderedId(1), port: server.port });
    await getDb().gatewayHealth.create({ data: { gatewayId: orderedId(1), suspendedUntil: new Date(Date.now() - 1000), cooldownUntil: new Date(Date.now() - 1000) } });
    await insertTestMessage();
    expect(await kit.drain()).toMatchObject({ delivered: 1 });
    expect(server.messages).toHaveLength(1);
  });

  it("holds mail whose only gateway is suspended until the suspension ends, without counting an attempt", async () => {
    const server = await kit.startServer();
    await createTestGateway({ id: orderedId(1), port: server.port });
    const until = new Date(Date.now() + 7 * 60_000);
    await getDb().gatewayHealth.create({ data: { gatewayId: orderedId(1), suspendedUntil: until, cooldownUntil: until, ruleFired: 'Rule "x": suspend the gateway for 7 min' } });
    const { id } = await insertTestMessage();

    expect(await kit.drain()).toMatchObject({ claimed: 1, deferred: 1 });
    expect(server.messages).toHaveLength(0);
    const message = await getDb().message.findUniqueOrThrow({ where: { id } });
    expect(message).toMatchObject({ status: "QUEUED", attempts: 0 });
    expect(message.nextAttemptAt.getTime()).toBe(until.getTime());
    expect(message.lastError).toMatch(/suspended until .*Rule "x"/);
  });

  it("defers the message by the rule's minutes without counting an attempt, and does not fail over", async () => {
    const busy = await scripted({ script: { rcpt: () => "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered" } });
    const other = await kit.startServer();
    await createTestGateway({ id: orderedId(1), port: busy.port });
    await createTestGateway({ id: orderedId(2), port: other.port });
    await createRule({ action: "DEFER_MESSAGE", minutes: 30, matchCode: "450", matchText: "receiving * at a rate" });
    // Round robin's first slot is gateway 1.
    const { id } = await insertTestMessage();

    const before = Date.now();
    expect(await kit.drain()).toMatchObject({ claimed: 1, deferred: 1 });
    expect(other.messages).toHaveLength(0);
    const message = await getDb().message.findUniqueOrThrow({ where: { id }, include: { deliveryLog: true, recipients: true } });
    expect(message).toMatchObject({ status: "QUEUED", attempts: 0 });
    expect(message.recipients[0].status).toBe("PENDING");
    expect(message.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 30 * 60_000 - 1000);
    expect(message.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 30 * 60_000 + 1000);
    expect(message.deliveryLog).toHaveLength(1);
    expect(message.deliveryLog[0]).toMatchObject({ gatewayId: orderedId(1), outcome: "DEFERRED", smtpCode: 450 });
    expect(message.deliveryLog[0].ruleFired).toMatch(/defer the message 30 min/);
    // The gateway is not suspended by a deferral, only marked as having met the rule.
    const health = await getDb().gatewayHealth.findUniqueOrThrow({ where: { gatewayId: orderedId(1) } });
    expect(health.suspendedUntil).toBeNull();
    expect(health.ruleFired).toMatch(/receiving mail at a rate/);
  });

  it("lowers a gateway's rate when its answer matches a LOWER_RATE rule, for every worker", async () => {
    const busy = await scripted({ script: { rcpt: () => "451 4.7.500 Server busy. Please try again later" } });
    await createTestGateway({ id: orderedId(1), port: busy.port });
    await createRule({ action: "LOWER_RATE", minutes: 10, matchEnhancedCode: "4.7.500" });
    const { id } = await insertTestMessage();
    const before = Date.now();
    expect(await kit.drain()).toMatchObject({ deferred: 1 });
    const health = await getDb().gatewayHealth.findUniqueOrThrow({ where: { gatewayId: orderedId(1) } });
    expect(health.ratePerMinute).toBe(10);
    expect(health.rateLimitedUntil!.getTime()).toBeGreaterThanOrEqual(before + 10 * 60_000 - 1000);
    expect(health.suspendedUntil).toBeNull();
    // A lowered rate is not a deferral: the 4xx is retried on the schedule and counts as an attempt.
    expect(await getDb().message.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "QUEUED", attempts: 1 });
  });

  it("a lowered rate in force caps the gateway per minute, and the rest overflows to the other gateway", async () => {
    const [a, b] = [await kit.startServer(), await kit.startServer()];
    await createTestGateway({ id: orderedId(1), port: a.port });
    await createTestGateway({ id: orderedId(2), port: b.port });
    await getDb().gatewayHealth.create({ data: { gatewayId: orderedId(1), ratePerMinute: 2, rateLimitedUntil: new Date(Date.now() + 10 * 60_000) } });
    await insertTestMessages(8);
    expect(await kit.drain()).toMatchObject({ claimed: 8, delivered: 8 });
    expect(a.messages.length).toBeLessThanOrEqual(2);
    expect(a.messages.length + b.messages.length).toBe(8);
  });

  it("a 5xx matched by a defer rule is deferred instead of bounced", async () => {
    const server = await scripted({ script: { rcpt: () => "550 5.7.1 Daily sending quota exceeded" } });
    await createTestGateway({ id: orderedId(1), port: server.port });
    await createRule({ action: "DEFER_MESSAGE", minutes: 60, matchText: "quota exceeded" });
    const { id } = await insertTestMessage();
    expect(await kit.drain()).toMatchObject({ deferred: 1, failed: 0 });
    expect(await getDb().message.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "QUEUED", attempts: 0 });
  });

  it("a rule for another gateway does not fire, and a disabled rule never does", async () => {
    const limited = await scripted({ script: { mail: () => RATE_LIMITED } });
    await createTestGateway({ id: orderedId(1), port: limited.port });
    await createTestGateway({ id: orderedId(3), port: limited.port, description: "unused", auth: { user: "other", pass: "x" } });
    await createRule({ action: "SUSPEND_GATEWAY", minutes: 10, matchText: "rate limit", gatewayId: orderedId(3) });
    await getDb().gatewayAnswerRule.create({ data: { name: "off", position: 0, enabled: false, matchCode: "421", action: "SUSPEND_GATEWAY", minutes: 10 } });
    await getDb().gateway.update({ where: { id: orderedId(3) }, data: { enabled: false } });
    await insertTestMessage();
    await kit.drain();
    const health = await getDb().gatewayHealth.findUnique({ where: { gatewayId: orderedId(1) } });
    expect(health?.suspendedUntil ?? null).toBeNull();
    expect(health?.ruleFired ?? null).toBeNull();
  });
});
