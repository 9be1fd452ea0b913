import { afterEach, describe, expect, it } from "vitest";
import { closeAllTransports } from "@/lib/engine/delivery/transport-pool";
import { drainQueue } from "@/lib/engine/queue/drain-queue";
import { createTestGateway } from "@/test/engine/create-test-gateway";
import { TEST_TRANSPORT } from "@/test/engine/engine-test-kit";
import { startScriptedSmtpServer, type ScriptedSmtpServer } from "@/test/smtp/scripted-smtp-server";
import { authPlain, openRawSession } from "./raw-smtp-client";
import { queuedMessages, setUpSmtpListenerTests } from "./smtp-listener-test-kit";

// RFC 6531: a client that sent MAIL FROM with the SMTPUTF8 parameter (the listener offers the extension) may use UTF-8
// local parts in MAIL FROM and RCPT TO; the domain is kept IDNA-normalised. The relay sends such a message only to a
// gateway that offers SMTPUTF8, and otherwise fails it permanently, saying why (no downgrade exists, RFC 6531 §3.2).

const kit = setUpSmtpListenerTests();
const servers: ScriptedSmtpServer[] = [];
afterEach(async () => {
  closeAllTransports();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const utf8Message = (id: string) =>
  [
    "From: Jörg <jörg@example.com>",
    "To: <пользователь@dest.example>",
    "Subject: Grüße",
    `Message-ID: <${id}@example.com>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    "Grüße aus Köln.",
    "",
  ].join("\r\n");

async function authenticatedSession(port: number) {
  const credential = await kit.credential({ domains: ["example.com"] });
  const session = await openRawSession(port, { tls: true });
  await session.command("EHLO client.test");
  expect(await session.command(authPlain(credential))).toMatch(/^235 /);
  return session;
}

async function submitUtf8(id: string) {
  const listener = await kit.start();
  const session = await authenticatedSession(listener.ports.tls!);
  const replies = await session.pipeline(["MAIL FROM:<jörg@example.com> SMTPUTF8 BODY=8BITMIME", "RCPT TO:<пользователь@Пример.example>", "DATA"], 3);
  expect(replies.map((reply) => reply.slice(0, 3))).toEqual(["250", "250", "354"]);
  expect(await session.command(`${utf8Message(id)}.`)).toMatch(/^250 2\.0\.0 Queued as /);
  session.end();
  const [stored] = await queuedMessages();
  return stored;
}

describe("SMTPUTF8 (RFC 6531) through the listener", () => {
  it("accepts UTF-8 local parts after MAIL FROM … SMTPUTF8, keeping the domain in ASCII (IDNA)", async () => {
    const stored = await submitUtf8("u1");
    expect(stored).toMatchObject({ envelopeFrom: "jörg@example.com", senderDomain: "example.com" });
    expect(stored.recipients.map((recipient) => recipient.address)).toEqual(["пользователь@xn--e1afmkfd.example"]);
    // RFC 6531 §3.7.3: a transaction under SMTPUTF8 is recorded "with UTF8SMTPSA" (TLS and AUTH), not ESMTPSA.
    expect(Buffer.from(stored.raw).toString("utf8")).toMatch(/^Received: [^]*? with UTF8SMTPSA\b/);
  });

  it("refuses UTF-8 addresses without the SMTPUTF8 parameter: 550 5.6.7 at MAIL FROM, 553 5.6.7 at RCPT TO", async () => {
    const listener = await kit.start();
    const session = await authenticatedSession(listener.ports.tls!);
    expect(await session.command("MAIL FROM:<jörg@example.com>")).toMatch(/^550 5\.6\.7 .*SMTPUTF8/);
    expect(await session.command("MAIL FROM:<app@example.com>")).toMatch(/^250 /);
    expect(await session.command("RCPT TO:<пользователь@dest.example>")).toMatch(/^553 5\.6\.7 .*SMTPUTF8/);
    session.end();
  });

  it("relays the message with SMTPUTF8 to a gateway that offers it", async () => {
    const gateway = await startScriptedSmtpServer({ script: { strict: true } });
    servers.push(gateway);
    await createTestGateway({ port: gateway.port });
    const stored = await submitUtf8("u2");

    expect(await drainQueue({ maxMs: 20_000, transport: TEST_TRANSPORT })).toMatchObject({ delivered: 1 });
    const [copy] = gateway.accepted();
    expect(copy.mailFrom).toMatch(/^MAIL FROM:<jörg@example\.com> .*SMTPUTF8/);
    expect(copy.to).toEqual(["пользователь@xn--e1afmkfd.example"]);
    expect(copy.body.toString("utf8")).toContain("From: Jörg <jörg@example.com>\r\n");
    expect((await queuedMessages()).find((message) => message.id === stored.id)?.status).toBe("DELIVERED");
  });

  it("fails it permanently at a gateway without SMTPUTF8, sending nothing, and the DSN names SMTPUTF8", async () => {
    const gateway = await startScriptedSmtpServer({ script: { strict: true, extensions: { smtpUtf8: false } } });
    servers.push(gateway);
    await createTestGateway({ port: gateway.port });
    const stored = await submitUtf8("u3");

    await drainQueue({ maxMs: 20_000, transport: TEST_TRANSPORT });
    const messages = await queuedMessages();
    const original = messages.find((message) => message.id === stored.id)!;
    expect(original.status).toBe("FAILED");
    expect(original.recipients[0].smtpResponse).toMatch(/SMTPUTF8/);
    expect(gateway.sessions.flatMap((session) => session.commands).some((command) => /jörg|пользователь/.test(command.line))).toBe(false);
    // The DSN goes to jörg@example.com (RFC 3464) and says why, with RFC 5248's 5.6.7 "non-ASCII addresses not
    // permitted for that sender/recipient".
    const dsn = messages.find((message) => message.bounceOfId === stored.id);
    expect(dsn?.recipients.map((recipient) => recipient.address)).toEqual(["jörg@example.com"]);
    expect(Buffer.from(dsn!.raw).toString("utf8")).toMatch(/^Diagnostic-Code: .*SMTPUTF8/m);
    expect(Buffer.from(dsn!.raw).toString("utf8")).toMatch(/^Status: 5\.6\.7\r$/m);
  });
});
