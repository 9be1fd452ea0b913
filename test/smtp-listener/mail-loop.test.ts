import { afterEach, describe, expect, it } from "vitest";
import { closeAllTransports } from "@/lib/engine/delivery/transport-pool";
import { drainQueue } from "@/lib/engine/queue/drain-queue";
import { getDb } from "@/lib/platform/db";
import { MAX_OWN_RECEIVED_FIELDS, MAX_RECEIVED_FIELDS } from "@/lib/submission/refuse-mail-loop";
import { createTestGateway } from "@/test/engine/create-test-gateway";
import { runConnectionTest } from "@/lib/engine/delivery/smtp/run-connection-test";
import { toSessionOptions } from "@/lib/engine/delivery/transport-options";
import { TEST_TRANSPORT } from "@/test/engine/engine-test-kit";
import { startTestSmtpServer, type TestSmtpServer } from "@/test/smtp/start-test-smtp-server";
import { openRawSession } from "./raw-smtp-client";
import { queuedMessages, setUpSmtpListenerTests } from "./smtp-listener-test-kit";

// Mail loops (RFC 5321 §6.3): a gateway that leads back to Outgate's own listener, or a smarthost that routes a domain
// back here, must not make Outgate relay the same message to itself without end. A tester's gateway pointed at the
// submission port made 288 copies in 14 seconds.

const kit = setUpSmtpListenerTests();
const sinks: TestSmtpServer[] = [];
afterEach(async () => {
  closeAllTransports();
  await Promise.all(sinks.splice(0).map((sink) => sink.close()));
});

const foreignReceived = (n: number) => `Received: from hop${n}.example.net (hop${n}.example.net [192.0.2.${n % 250}])\r\n\tby mx${n}.example.org (Postfix) with ESMTP id A${n}; Tue,  1 Dec 2026 04:00:00 +0000\r\n`;
// As formatReceived writes it (folded), and a variant with the name in capitals and folded differently.
const ownReceived = (n: number) =>
  n % 2 === 0
    ? `Received: from app.example (app.example [127.0.0.1])\r\n\tby outgate.test (Outgate) with ESMTPSA id ${n};\r\n\tTue, 1 Dec 2026 04:00:00 +0000\r\n`
    : `Received: from app.example ([127.0.0.1]) by\r\n OUTGATE.TEST\r\n (Outgate) with ESMTP id ${n}; Tue, 1 Dec 2026 04:00:00 +0000\r\n`;

const message = (id: string, trace: string) =>
  `${trace}From: app@example.com\r\nTo: a@dest.example\r\nSubject: Loop ${id}\r\nMessage-ID: <${id}@example.com>\r\n\r\nBody ${id}\r\n`;

/** One transaction on the plain port from 127.0.0.1 (an IP-relay network): the reply to the final ".". */
async function send(port: number, data: string): Promise<string> {
  const session = await openRawSession(port);
  await session.command("EHLO app.example");
  const replies = await session.pipeline(["MAIL FROM:<app@example.com>", "RCPT TO:<a@dest.example>", "DATA"], 3);
  expect(replies.map((reply) => reply.slice(0, 3))).toEqual(["250", "250", "354"]);
  const reply = await session.command(`${data}.`);
  session.end();
  return reply;
}

const repeat = (count: number, line: (n: number) => string) => Array.from({ length: count }, (_, n) => line(n + 1)).join("");

describe("mail loops", () => {
  it(`refuses a message that already has ${MAX_RECEIVED_FIELDS} Received fields with 554 5.4.6, and takes one with one fewer`, async () => {
    const listener = await kit.start();
    await kit.credential({ ipRelay: true, allowedNetworks: ["127.0.0.1/32"], domains: ["example.com"] });

    expect(await send(listener.ports.plain!, message("hops-ok", repeat(MAX_RECEIVED_FIELDS - 1, foreignReceived)))).toMatch(/^250 2\.0\.0 /);
    expect(await send(listener.ports.plain!, message("hops-over", repeat(MAX_RECEIVED_FIELDS, foreignReceived)))).toMatch(
      /^554 5\.4\.6 Too many hops: the message already has 100 Received fields/,
    );
    expect((await queuedMessages()).map((m) => m.messageId)).toEqual(["hops-ok@example.com"]);
  });

  it(`refuses a message that passed through this Outgate ${MAX_OWN_RECEIVED_FIELDS} times, whatever the case and folding of its fields`, async () => {
    const listener = await kit.start();
    await kit.credential({ ipRelay: true, allowedNetworks: ["127.0.0.1/32"], domains: ["example.com"] });
    // Passing again a time or two is normal (a mailing list behind a gateway sends the message out once more).
    const mixed = (own: number) => repeat(own, (n) => ownReceived(n) + foreignReceived(n));

    expect(await send(listener.ports.plain!, message("own-ok", mixed(MAX_OWN_RECEIVED_FIELDS - 1)))).toMatch(/^250 2\.0\.0 /);
    expect(await send(listener.ports.plain!, message("own-over", mixed(MAX_OWN_RECEIVED_FIELDS)))).toMatch(
      /^554 5\.4\.6 Mail loop: the message has already passed through this Outgate \(outgate\.test\) 5 times/,
    );
    // Another Outgate's fields (another name) are someone else's hops, counted only towards the overall limit.
    const other = repeat(MAX_OWN_RECEIVED_FIELDS + 2, (n) => ownReceived(n).replace(/outgate\.test/i, "other-gateway.example"));
    expect(await send(listener.ports.plain!, message("other-outgate", other))).toMatch(/^250 2\.0\.0 /);
    expect((await queuedMessages()).map((m) => m.messageId).sort()).toEqual(["other-outgate@example.com", "own-ok@example.com"]);
  });

  it("never relays to its own listener: the greeting's mark stops the first copy, and another gateway takes the message", async () => {
    const listener = await kit.start();
    await kit.credential({ ipRelay: true, allowedNetworks: ["127.0.0.1/32"], domains: ["example.com"] });
    // The admin's mistake: a gateway that is Outgate's own plain port, first in the round robin, beside a real one.
    const own = await createTestGateway({ id: "00000000-0000-4000-8000-000000000001", port: listener.ports.plain! });
    const sink = await startTestSmtpServer();
    sinks.push(sink);
    await createTestGateway({ id: "00000000-0000-4000-8000-000000000002", port: sink.port });

    for (let n = 0; n < 4; n++) expect(await send(listener.ports.plain!, message(`own-${n}`, ""))).toMatch(/^250 2\.0\.0 /);
    await drainQueue({ maxMs: 20_000, transport: TEST_TRANSPORT });

    // Each message once, through the real gateway; not one copy came back through the listener.
    expect(sink.messages.map((m) => m.messageId).sort()).toEqual(["<own-0@example.com>", "<own-1@example.com>", "<own-2@example.com>", "<own-3@example.com>"]);
    expect(await getDb().message.count()).toBe(4);
    expect(await getDb().message.count({ where: { status: "DELIVERED" } })).toBe(4);
    const health = await getDb().gatewayHealth.findUniqueOrThrow({ where: { gatewayId: own.id } });
    expect(health.lastError).toMatch(/this gateway is Outgate's own SMTP listener .*mail loop/);
    expect(health.cooldownUntil!.getTime()).toBeGreaterThan(Date.now());
  });

  it("says so in Test connection, at the greeting, with what to change", async () => {
    const listener = await kit.start();
    const transcript = await runConnectionTest(
      toSessionOptions({ id: "own", address: "127.0.0.1", port: listener.ports.plain!, encryption: "NONE", verifyCertificate: false, auth: null }, { ehloName: "outgate.test" }),
      { from: "postmaster@outgate.test", to: "someone@dest.example" },
    );
    expect(transcript.ok).toBe(false);
    expect(transcript.steps.at(-1)).toMatchObject({ step: "Greeting", ok: false, advice: expect.stringMatching(/Outgate's own SMTP listener/) });
  });

  // Another Outgate installation (another mark) whose gateway leads back here makes a loop the greeting cannot show:
  // the Received fields end it.
  it("stops a loop through another installation after a few copies, and fails the last with the loop's answer", async () => {
    const listener = await kit.start({ installationMark: "og-0000000000000000" });
    await kit.credential({ ipRelay: true, allowedNetworks: ["127.0.0.1/32"], domains: ["example.com"] });
    await createTestGateway({ port: listener.ports.plain! });
    expect(await send(listener.ports.plain!, message("looped", ""))).toMatch(/^250 2\.0\.0 /);
    for (let pass = 0; pass < 3 * MAX_OWN_RECEIVED_FIELDS; pass++) {
      const result = await drainQueue({ maxMs: 20_000, transport: TEST_TRANSPORT });
      if (result.claimed === 0) break;
    }

    const copies = await getDb().message.findMany({ where: { messageId: "looped@example.com" }, orderBy: { createdAt: "asc" }, select: { status: true, lastError: true } });
    // The client's message and one copy per pass until the copy that would be the sixth pass is refused.
    expect(copies).toHaveLength(MAX_OWN_RECEIVED_FIELDS);
    expect(copies.slice(0, -1).every((copy) => copy.status === "DELIVERED")).toBe(true);
    expect(copies.at(-1)).toMatchObject({ status: "FAILED", lastError: expect.stringMatching(/554 5\.4\.6 Mail loop/) });
    expect(await getDb().message.count({ where: { status: "QUEUED" } })).toBe(0);
  });
});
