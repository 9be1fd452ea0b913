import { afterEach, describe, expect, it } from "vitest";
import { closeAllTransports } from "@/lib/engine/delivery/transport-pool";
import { drainQueue } from "@/lib/engine/queue/drain-queue";
import { getDb } from "@/lib/platform/db";
import { createTestGateway } from "@/test/engine/create-test-gateway";
import { TEST_TRANSPORT } from "@/test/engine/engine-test-kit";
import { startTestSmtpServer, type TestSmtpServer } from "@/test/smtp/start-test-smtp-server";
import { authPlain, openRawSession } from "./raw-smtp-client";
import { queuedMessages, setUpSmtpListenerTests } from "./smtp-listener-test-kit";

// A mail server relaying through Outgate sends its own bounces and auto-replies with the null reverse-path
// (RFC 5321 §4.5.5; Postfix hands its bounces to the relayhost). Outgate takes them from a client that authenticated
// (or an IP-relay network) when the message's From field names a hosted domain the client may send for — the same
// scope as any sender — routes them by that domain, relays them with MAIL FROM:<>, and never answers them with a DSN.

const kit = setUpSmtpListenerTests();
const gateways: TestSmtpServer[] = [];
afterEach(async () => {
  closeAllTransports();
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
});

/** A bounce as Postfix writes it (RFC 3464 multipart/report), from MAILER-DAEMON at `domain`. */
function postfixBounce(id: string, domain = "example.com"): string {
  return [
    `Received: by mx1.${domain} (Postfix)\r\n\tid 4F2B81234; Tue,  1 Dec 2026 04:00:00 +0000 (UTC)`,
    `Date: Tue,  1 Dec 2026 04:00:00 +0000 (UTC)`,
    `From: MAILER-DAEMON@${domain} (Mail Delivery System)`,
    "Subject: Undelivered Mail Returned to Sender",
    "To: someone@remote.example",
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"',
    `Message-ID: <${id}@mx1.${domain}>`,
    "",
    "--B1",
    "Content-Type: text/plain",
    "",
    "I'm sorry to have to inform you that your message could not be delivered.",
    "--B1",
    "Content-Type: message/delivery-status",
    "",
    `Reporting-MTA: dns; mx1.${domain}`,
    "",
    "Final-Recipient: rfc822; gone@" + domain,
    "Action: failed",
    "Status: 5.1.1",
    "--B1--",
    "",
  ].join("\r\n");
}

async function authenticatedSession(port: number, credential: { user: string; pass: string }) {
  const session = await openRawSession(port, { tls: true });
  await session.command("EHLO mx1.example.com");
  expect(await session.command(authPlain(credential))).toMatch(/^235 /);
  return session;
}

/** MAIL FROM:<>, one RCPT, DATA and the message: the reply to the final ".". */
async function sendWithNullSender(session: Awaited<ReturnType<typeof openRawSession>>, data: string, to = "someone@remote.example") {
  const replies = await session.pipeline(["MAIL FROM:<>", `RCPT TO:<${to}>`, "DATA"], 3);
  expect(replies.map((reply) => reply.slice(0, 3))).toEqual(["250", "250", "354"]);
  return session.command(`${data}.`);
}

describe("the null reverse-path (MAIL FROM:<>) over SMTP", () => {
  it("relays a Postfix-style bounce to the gateway with MAIL FROM:<>, routed by its From field's hosted domain", async () => {
    const gateway = await startTestSmtpServer();
    gateways.push(gateway);
    await createTestGateway({ port: gateway.port });
    const listener = await kit.start();
    const session = await authenticatedSession(listener.ports.tls!, await kit.credential({ domains: ["example.com"] }));

    expect(await sendWithNullSender(session, postfixBounce("b1"))).toMatch(/^250 2\.0\.0 Queued as /);
    session.end();
    const [stored] = await queuedMessages();
    expect(stored).toMatchObject({ envelopeFrom: "", senderDomain: "example.com", messageId: "b1@mx1.example.com", isBounce: false });

    expect(await drainQueue({ maxMs: 20_000, transport: TEST_TRANSPORT })).toMatchObject({ delivered: 1 });
    expect(gateway.messages.map((message) => [message.from, message.to, message.messageId])).toEqual([["", ["someone@remote.example"], "<b1@mx1.example.com>"]]);
  });

  it("accepts the null sender from an IP-relay network on the plain port too", async () => {
    const listener = await kit.start();
    await kit.credential({ ipRelay: true, allowedNetworks: ["127.0.0.0/8"] });
    const session = await openRawSession(listener.ports.plain!);
    await session.command("EHLO mx1.example.com");
    expect(await sendWithNullSender(session, postfixBounce("b2"))).toMatch(/^250 /);
    session.end();
    expect((await queuedMessages()).map((message) => message.envelopeFrom)).toEqual([""]);
  });

  it("still requires AUTH (or an IP-relay network) for MAIL FROM:<>: 530 5.7.0", async () => {
    const listener = await kit.start();
    const session = await openRawSession(listener.ports.tls!, { tls: true });
    await session.command("EHLO mx1.example.com");
    expect(await session.command("MAIL FROM:<>")).toMatch(/^530 5\.7\.0 /);
    session.end();
  });

  it("is never an open relay: 550 5.7.1 after DATA when the From field's domain is not hosted, not allowed, or missing", async () => {
    await getDb().domain.create({ data: { name: "other.example" } });
    const listener = await kit.start();
    const session = await authenticatedSession(listener.ports.tls!, await kit.credential({ domains: ["example.com"] }));

    expect(await sendWithNullSender(session, postfixBounce("u1", "unhosted.example"))).toMatch(/^550 5\.7\.1 .*unhosted\.example is not hosted here/);
    expect(await sendWithNullSender(session, postfixBounce("u2", "other.example"))).toMatch(/^550 5\.7\.1 This SMTP credential may not send for other\.example/);
    const withoutFrom = "Subject: No author\r\nMessage-ID: <u3@example.com>\r\n\r\nHello\r\n";
    expect(await sendWithNullSender(session, withoutFrom)).toMatch(/^550 5\.7\.1 .*MAIL FROM:<>.*From header field/);
    // A hosted From does not cover another identity: a Sender the credential may not use is refused as ever.
    const foreignSender = postfixBounce("u4").replace("Subject:", "Sender: agent@other.example\r\nSubject:");
    expect(await sendWithNullSender(session, foreignSender)).toMatch(/^550 5\.7\.1 This SMTP credential may not send for other\.example/);
    session.end();
    expect(await queuedMessages()).toEqual([]);
  });

  it("never answers a null-sender message that fails permanently with a DSN (RFC 5321 §4.5.5, RFC 3464)", async () => {
    const gateway = await startTestSmtpServer({ rejectMessage: () => ({ code: 550, message: "5.7.1 Refused by policy" }) });
    gateways.push(gateway);
    await createTestGateway({ port: gateway.port });
    const listener = await kit.start();
    const session = await authenticatedSession(listener.ports.tls!, await kit.credential());
    expect(await sendWithNullSender(session, postfixBounce("f1"))).toMatch(/^250 /);
    session.end();

    await drainQueue({ maxMs: 20_000, transport: TEST_TRANSPORT });
    const messages = await queuedMessages();
    expect(messages.map((message) => [message.messageId, message.status, message.isBounce])).toEqual([["f1@mx1.example.com", "FAILED", false]]);
    expect(messages[0].recipients.map((recipient) => recipient.status)).toEqual(["FAILED"]);
  });
});
