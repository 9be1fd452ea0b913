import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/platform/db";
import type { ScriptedSmtpServer, SmtpScript } from "@/test/smtp/scripted-smtp-server";
import { buildRaw, copiesOf, isCoolingDown, isCopyOf, loadMessage, queueRaw, setUpConformance } from "./conformance-kit";

vi.mock("@/lib/engine/routing/load-routing-table", async (original) => (await import("./session-overrides")).withSessionOverrides(await original()));

// Issue 11, kind 7: a 421 or a dropped socket on a reused session is about the session, not the gateway; "too many
// connections" lowers the gateway's concurrency; Max connections, Messages per connection and Recipients per
// transaction are per-gateway settings.

const conformance = setUpConformance();

async function queueMany(count: number, to?: string[]) {
  const queued = [];
  for (let index = 0; index < count; index += 1) queued.push(await queueRaw({ raw: buildRaw({ to }).raw, to }));
  return queued;
}

/** Every message delivered in the first attempt, one copy each, no failover, no cool-down. */
async function expectAllDeliveredOnce(server: ScriptedSmtpServer, queued: Array<{ id: string; tag: string }>, gatewayId: string) {
  expect(queued.map(({ tag }) => copiesOf(tag, server))).toEqual(queued.map(() => 1));
  const messages = await getDb().message.findMany({ where: { id: { in: queued.map(({ id }) => id) } }, select: { status: true, attempts: true } });
  expect(messages.filter((message) => message.status !== "DELIVERED" || message.attempts !== 1)).toEqual([]);
  const outcomes = await getDb().deliveryAttempt.groupBy({ by: ["outcome"], _count: true });
  expect(outcomes.map((row) => row.outcome)).toEqual(["DELIVERED"]);
  expect(await isCoolingDown(gatewayId)).toBe(false);
}

describe("conformance: session-level answers and connection limits", () => {
  const endings: Array<[string, SmtpScript["perSession"]]> = [
    ["ends each session with 421 after 2 messages (the issue's example)", { messages: 2, then: "421" }],
    ["drops each session's socket after 2 messages", { messages: 2, then: "drop" }],
  ];
  for (const [name, perSession] of endings) {
    it(`resends at once on a fresh session, without cool-down or failover, when the gateway ${name}`, async () => {
      const server = await conformance.startScripted({ perSession });
      const gateway = await conformance.gateway(server.port);
      const queued = await queueMany(60);

      expect(await conformance.drain()).toMatchObject({ claimed: 60, delivered: 60, deferred: 0 });
      await expectAllDeliveredOnce(server, queued, gateway.id);
      expect(Math.max(...server.sessions.map((session) => session.messages))).toBeLessThanOrEqual(2);
    });
  }

  it("keeps sending on the open sessions and lowers its concurrency when the gateway answers 421 4.3.2 too many connections", async () => {
    const server = await conformance.startScripted({ maxSessions: 2 });
    const gateway = await conformance.gateway(server.port);
    const queued = await queueMany(30);

    expect(await conformance.drain()).toMatchObject({ claimed: 30, delivered: 30, deferred: 0 });
    await expectAllDeliveredOnce(server, queued, gateway.id);
    // Adaptive: after the first refusals Outgate stops opening sessions the gateway refuses (10 is the default limit).
    expect(server.sessions.filter((session) => session.refused).length).toBeLessThanOrEqual(10);
  });

  it("still fails over when the gateway greets its only session with 421 (the gateway is down, not busy)", async () => {
    const down = await conformance.startScripted({ greeting: "421 4.3.2 Service not available" });
    const good = await conformance.startScripted();
    const first = await conformance.gateway(down.port);
    await conformance.gateway(good.port);
    const { id, tag } = await queueRaw();

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    expect(copiesOf(tag, good)).toBe(1);
    expect((await loadMessage(id)).deliveryLog.map((attempt) => attempt.outcome)).toEqual(["FAILOVER", "DELIVERED"]);
    expect(await isCoolingDown(first.id)).toBe(true);
  });

  it("opens no more sessions than the gateway's Max connections", async () => {
    const server = await conformance.startScripted({ delays: { dataEnd: 100 } });
    const gateway = await conformance.gateway(server.port, { session: { maxConnections: 2 } });
    const queued = await queueMany(20);

    expect(await conformance.drain()).toMatchObject({ delivered: 20 });
    await expectAllDeliveredOnce(server, queued, gateway.id);
    expect(server.peakSessions()).toBeLessThanOrEqual(2);
  });

  it("sends no more than Messages per connection over one session", async () => {
    const server = await conformance.startScripted();
    const gateway = await conformance.gateway(server.port, { session: { maxConnections: 1, messagesPerConnection: 2 } });
    const queued = await queueMany(7);

    expect(await conformance.drain()).toMatchObject({ delivered: 7 });
    await expectAllDeliveredOnce(server, queued, gateway.id);
    expect(server.sessions.map((session) => session.messages)).toEqual([2, 2, 2, 1]);
  });

  it("puts no more than Recipients per transaction in one transaction, and the rest in the next ones at once", async () => {
    const server = await conformance.startScripted();
    const gateway = await conformance.gateway(server.port, { session: { recipientsPerTransaction: 2 } });
    const to = ["r1@example.net", "r2@example.net", "r3@example.net", "r4@example.net", "r5@example.net"];
    const { id, tag } = await queueRaw({ to, raw: buildRaw({ to }).raw });

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    const copies = server.accepted().filter((copy) => isCopyOf(copy, tag));
    expect(copies.map((copy) => copy.to.length)).toEqual([2, 2, 1]);
    expect(copies.flatMap((copy) => copy.to).sort()).toEqual(to);
    const message = await loadMessage(id);
    expect(message).toMatchObject({ status: "DELIVERED", attempts: 1 });
    expect(await isCoolingDown(gateway.id)).toBe(false);
  });
});
