import { describe, expect, it, vi } from "vitest";
import { DEFAULT_SESSION_SETTINGS } from "@/lib/engine/delivery/smtp/session-settings";
import { buildRaw, copiesOf, isCoolingDown, isCopyOf, loadMessage, makeDue, queueRaw, setUpConformance, SHORT_TIMEOUTS } from "./conformance-kit";

vi.mock("@/lib/engine/routing/load-routing-table", async (original) => (await import("./session-overrides")).withSessionOverrides(await original()));

// Issue 11, kind 1: stage timeouts follow RFC 5321 §4.5.3.2, and a message the gateway may have accepted is never sent again.

const conformance = setUpConformance();
const short = { session: { timeouts: SHORT_TIMEOUTS } };

describe("conformance: timeouts (RFC 5321 §4.5.3.2)", () => {
  it("defaults every SMTP stage to the RFC's minimum and keeps the TCP connect short", () => {
    const { connectMs, ...stages } = DEFAULT_SESSION_SETTINGS.timeouts;
    expect(stages).toEqual({ greetingMs: 300_000, mailMs: 300_000, rcptMs: 300_000, dataInitMs: 120_000, dataBlockMs: 180_000, dataTermMs: 600_000 });
    expect(connectMs).toBeLessThanOrEqual(30_000);
  });

  it("reaches a gateway whose greeting takes 20 s, with the default settings (the old limit was 15 s)", async () => {
    const server = await conformance.startScripted({ delays: { greeting: 20_000 } });
    const gateway = await conformance.gateway(server.port);
    const { id, tag } = await queueRaw();

    expect(await conformance.drain()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(copiesOf(tag, server)).toBe(1);
    const message = await loadMessage(id);
    expect(message.deliveryLog.map((attempt) => [attempt.gatewayId, attempt.outcome])).toEqual([[gateway.id, "DELIVERED"]]);
  }, 45_000);

  it("waits for each stage as long as the gateway's setting allows", async () => {
    const server = await conformance.startScripted({ delays: { greeting: 800, mail: 800, rcpt: 800, data: 800, dataEnd: 800 } });
    const stages = { connectMs: 1000, greetingMs: 4000, mailMs: 4000, rcptMs: 4000, dataInitMs: 4000, dataBlockMs: 4000, dataTermMs: 4000 };
    await conformance.gateway(server.port, { session: { timeouts: stages } });
    const { id, tag } = await queueRaw();

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    expect(copiesOf(tag, server)).toBe(1);
    expect((await loadMessage(id)).deliveryLog.map((attempt) => attempt.outcome)).toEqual(["DELIVERED"]);
  });

  // Before the final "." nothing can have been accepted: the next gateway may take the message at once.
  const beforeData: Array<[string, "greeting" | "mail" | "rcpt" | "data", RegExp]> = [
    ["the greeting", "greeting", /greeting/i],
    ["the answer to MAIL FROM", "mail", /MAIL/],
    ["the answer to RCPT TO", "rcpt", /RCPT/],
    ["the 354 after DATA", "data", /DATA/],
  ];
  for (const [what, stage, names] of beforeData) {
    it(`fails over at once when ${what} takes longer than its timeout, and names the stage`, async () => {
      const slow = await conformance.startScripted({ delays: { [stage]: 6000 } });
      const good = await conformance.startScripted();
      const first = await conformance.gateway(slow.port, short);
      const second = await conformance.gateway(good.port, short);
      const { id, tag } = await queueRaw();

      expect(await conformance.drain()).toMatchObject({ claimed: 1, delivered: 1 });
      expect([slow.messages.length, copiesOf(tag, good)]).toEqual([0, 1]);
      const log = (await loadMessage(id)).deliveryLog;
      expect(log.map((attempt) => [attempt.gatewayId, attempt.outcome])).toEqual([
        [first.id, "FAILOVER"],
        [second.id, "DELIVERED"],
      ]);
      expect(log[0].response).toMatch(names);
      expect(log[0].response).toMatch(/time/i);
      expect(await isCoolingDown(first.id)).toBe(true);
    }, 15_000);
  }

  it("fails over when a data block cannot be sent within its timeout (the gateway stops reading), and sends it once elsewhere", async () => {
    const stalled = await conformance.startScripted({ stallDataAfterBytes: 1024 });
    const good = await conformance.startScripted();
    const first = await conformance.gateway(stalled.port, short);
    const second = await conformance.gateway(good.port, short);
    // 8 MB: twice the most the kernel buffers for a socket here (tcp_wmem 4 MB; the stalled reader's window stays
    // small), so the writes back up while the server does not read.
    const { raw } = buildRaw({ body: `${"x".repeat(998)}\r\n`.repeat(8_000) });
    const { id, tag } = await queueRaw({ raw });

    expect(await conformance.drain()).toMatchObject({ claimed: 1, delivered: 1 });
    expect([stalled.messages.length, copiesOf(tag, good)]).toEqual([0, 1]);
    const log = (await loadMessage(id)).deliveryLog;
    expect(log.map((attempt) => [attempt.gatewayId, attempt.outcome])).toEqual([
      [first.id, "FAILOVER"],
      [second.id, "DELIVERED"],
    ]);
    expect(log[0].response).toMatch(/data/i);
    expect(log[0].response).toMatch(/time/i);
  }, 25_000);

  // RFC 5321 §4.5.3.2.6 and §6.1: after the final "." the gateway may already have taken responsibility.
  const unknown: Array<[string, "never" | "drop"]> = [
    ["no reply to the final \".\" within the DATA termination timeout", "never"],
    ["the connection dropped after the final \".\"", "drop"],
  ];
  for (const [what, how] of unknown) {
    it(`records ${what} as "outcome unknown", fails over to no other gateway, and sends it once more only when its retry is due`, async () => {
      const script = how === "never" ? { delays: { dataEnd: Infinity } } : { dataEnd: "drop" as const };
      const silent = await conformance.startScripted(script);
      const good = await conformance.startScripted();
      await conformance.gateway(silent.port, short);
      await conformance.gateway(good.port, short);
      const { id, tag } = await queueRaw();

      const received = () => [...silent.messages, ...good.messages].filter((copy) => isCopyOf(copy, tag));
      await conformance.drain();
      expect(received().map((copy) => copy.reply)).toEqual([null]);
      const message = await loadMessage(id);
      expect(message.lastError ?? "(none)").toMatch(/outcome unknown/i);
      expect(message.deliveryLog.at(-1)?.response).toMatch(/outcome unknown/i);
      expect(message.deliveryLog.at(-1)?.response).toMatch(/twice/i);
      expect(message.deliveryLog.map((attempt) => attempt.outcome)).toEqual(["UNKNOWN"]);
      // Not resent at once (the gateway may have taken it): the message waits for its retry like a 4xx.
      expect(message.status).toBe("QUEUED");
      expect(message.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 60_000);
      await conformance.drain();
      expect(received()).toHaveLength(1);
      // Once due, it goes out again, as Postfix does after "conversation timed out while sending end of data --
      // message may be sent more than once": a possible duplicate is better than mail that is never delivered.
      await makeDue(id);
      await conformance.drain();
      expect(received()).toHaveLength(2);
      expect((await loadMessage(id)).status).toBe("DELIVERED");
    }, 15_000);
  }
});
