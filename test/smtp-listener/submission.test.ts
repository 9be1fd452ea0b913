import { describe, expect, it, vi } from "vitest";
import { drainQueue } from "@/lib/engine/queue/drain-queue";
import { closeAllTransports } from "@/lib/engine/delivery/transport-pool";
import { getDb } from "@/lib/platform/db";
import { revokeSmtpCredential } from "@/lib/console/smtp-credentials/revoke-smtp-credential";
import { TEST_TRANSPORT } from "@/test/engine/engine-test-kit";
import { createTestGateway } from "@/test/engine/create-test-gateway";
import { startTestSmtpServer } from "@/test/smtp/start-test-smtp-server";
import { captureLogLines, queuedMessages, setUpSmtpListenerTests } from "./smtp-listener-test-kit";
import { authPlain, openRawSession } from "./raw-smtp-client";

const kit = setUpSmtpListenerTests();

const message = (id: string, from = "app@example.com") =>
  `From: ${from}\r\nTo: a@dest.example\r\nSubject: Hello ${id}\r\nMessage-ID: <${id}@example.com>\r\n\r\nBody ${id}\r\n`;

describe("SMTP submission listener", () => {
  it("accepts mail over STARTTLS with AUTH and queues it, with a Received field, after the commit", async () => {
    const listener = await kit.start();
    const credential = await kit.credential();
    const transport = await kit.transport({ port: listener.ports.submission!, secure: false, requireTLS: true, auth: credential });

    const info = await transport.sendMail({ envelope: { from: "app@example.com", to: ["a@dest.example", "b@dest.example"] }, raw: message("m1") });

    expect(info.response).toMatch(/^250 2\.0\.0 Queued as [0-9a-f-]{36}$/);
    const [stored] = await queuedMessages();
    expect(info.response).toContain(stored.id);
    expect(stored).toMatchObject({ messageId: "m1@example.com", envelopeFrom: "app@example.com", submittedVia: "smtp", clientIp: "127.0.0.1", smtpCredentialId: credential.id, status: "QUEUED" });
    expect(stored.recipients.map((r) => r.address)).toEqual(["a@dest.example", "b@dest.example"]);
    const raw = Buffer.from(stored.raw).toString();
    expect(raw).toMatch(/^Received: from [^\r\n]+ \((\S+ )?\[127\.0\.0\.1\]\)\r\n\tby outgate\.test \(Outgate\) with ESMTPSA id \S+;\r\n\t.+\r\n(Date: .+\r\n)?From: app@example\.com\r\n/);
    // The id clause names the queued message, as the 250 reply does (Postfix writes its queue id there too), so a
    // header found at the far end leads to the message's page and log lines.
    expect(raw).toContain(` with ESMTPSA id ${stored.id};`);
  });

  it("accepts mail over implicit TLS with AUTH", async () => {
    const listener = await kit.start();
    const transport = await kit.transport({ port: listener.ports.tls!, secure: true, auth: await kit.credential() });
    await transport.sendMail({ envelope: { from: "app@example.com", to: ["a@dest.example"] }, raw: message("m2") });
    expect((await queuedMessages()).map((m) => m.messageId)).toEqual(["m2@example.com"]);
  });

  it("offers the ESMTP extensions and refuses AUTH before STARTTLS on the submission port", async () => {
    const listener = await kit.start();
    const session = await openRawSession(listener.ports.submission!);
    // One "ESMTP" in the greeting (smtp-server writes "<name> ESMTP <banner>").
    expect(await session.greeting).toMatch(/^220 \S+ ESMTP Outgate og-[0-9a-f]{16}$/);
    const ehlo = await session.command("EHLO client.test");
    for (const extension of ["PIPELINING", "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES", "STARTTLS", `SIZE ${1024 * 1024 - 2048}`]) {
      expect(ehlo).toMatch(new RegExp(`^250[- ]${extension}$`, "m"));
    }
    // Not even offered before TLS: a client that sent AUTH PLAIN would already have sent its password in clear.
    expect(ehlo).not.toMatch(/AUTH/);
    // RFC 3207 §4: the answer says what to do, so an admin setting up a relayhost learns to turn TLS on.
    expect(await session.command("AUTH PLAIN AGFwcABzZWNyZXQ=")).toMatch(/^530 5\.7\.0 Must issue a STARTTLS command first/);
    expect(await session.command("MAIL FROM:<app@example.com>")).toMatch(/^530 5\.7\.0 Authentication required/);
    session.end();
    expect(await queuedMessages()).toHaveLength(0);
  });

  it("refuses a wrong password with 535 5.7.8", async () => {
    const listener = await kit.start();
    const credential = await kit.credential();
    const transport = await kit.transport({ port: listener.ports.tls!, secure: true, auth: { user: credential.user, pass: "wrong-password" } });
    await expect(transport.sendMail({ envelope: { from: "app@example.com", to: ["a@dest.example"] }, raw: message("m3") })).rejects.toMatchObject({
      responseCode: 535,
      response: expect.stringMatching(/^535 5\.7\.8 /),
    });
  });

  it("takes a mail server's parallel sessions with one credential, past the username and IP failure ceilings, locking nothing", async () => {
    // Postfix opens up to default_destination_concurrency_limit = 20 sessions to its relayhost at once, each with AUTH;
    // 25 is past both the username's ceiling (OUTGATE_LOGIN_MAX_FAILURES, 5 in tests) and the IP's (four times that).
    const listener = await kit.start();
    const credential = await kit.credential();
    const sends = Array.from({ length: 25 }, async (_, index) => {
      const transport = await kit.transport({ port: listener.ports.tls!, secure: true, auth: credential });
      return transport.sendMail({ envelope: { from: "app@example.com", to: ["a@dest.example"] }, raw: message(`parallel${index}`) });
    });
    // One typo from another client of the same credential meanwhile: a failure, but not the one that locks it.
    const typo = await kit.transport({ port: listener.ports.tls!, secure: true, auth: { user: credential.user, pass: "typo" } });
    const [typoResult, ...results] = await Promise.allSettled([typo.sendMail({ envelope: { from: "app@example.com", to: ["a@dest.example"] }, raw: message("typo") }), ...sends]);
    expect(typoResult).toMatchObject({ status: "rejected", reason: { responseCode: 535 } });
    expect(results.filter((result) => result.status === "rejected").map((result) => String((result as PromiseRejectedResult).reason))).toEqual([]);
    expect(await queuedMessages()).toHaveLength(25);
    const again = await kit.transport({ port: listener.ports.tls!, secure: true, auth: credential });
    await expect(again.sendMail({ envelope: { from: "app@example.com", to: ["a@dest.example"] }, raw: message("after") })).resolves.toMatchObject({ response: expect.stringMatching(/^250 /) });
  });

  it("is never an open relay: an unhosted or not-allowed sender is refused 550 5.7.1 at MAIL FROM", async () => {
    await getDb().domain.create({ data: { name: "other.example" } });
    const listener = await kit.start();
    const credential = await kit.credential({ domains: ["example.com"] });
    const transport = await kit.transport({ port: listener.ports.tls!, secure: true, auth: credential });
    for (const from of ["someone@unhosted.example", "app@other.example"]) {
      await expect(transport.sendMail({ envelope: { from, to: ["a@dest.example"] }, raw: message("x", from) })).rejects.toMatchObject({
        responseCode: 550,
        command: "MAIL FROM",
        response: expect.stringMatching(/^550 5\.7\.1 /),
      });
    }
    // The header's sender identities are held to the same scope as the envelope's.
    await expect(transport.sendMail({ envelope: { from: "app@example.com", to: ["a@dest.example"] }, raw: message("y", "boss@other.example") })).rejects.toMatchObject({
      responseCode: 550,
      response: expect.stringMatching(/^550 5\.7\.1 This SMTP credential may not send for other\.example/),
    });
    expect(await queuedMessages()).toHaveLength(0);
  });

  it("logs every refusal, one line each with the client, the credential, the stage and the reply (relay attempts at warn), and every acceptance alike", async () => {
    const lines = captureLogLines(/"smtp\.(rejected|accepted)"/);
    try {
      const listener = await kit.start();
      const credential = await kit.credential({ domains: ["example.com"] });
      const transport = await kit.transport({ port: listener.ports.tls!, secure: true, auth: credential });
      await transport.sendMail({ envelope: { from: "app@example.com", to: ["a@dest.example"] }, raw: message("logged") });
      await expect(transport.sendMail({ envelope: { from: "someone@unhosted.example", to: ["a@dest.example"] }, raw: message("x") })).rejects.toMatchObject({ responseCode: 550 });
      const session = await openRawSession(listener.ports.plain!);
      await session.greeting;
      await session.command("EHLO client.test");
      expect(await session.command("MAIL FROM:<app@example.com>")).toMatch(/^530 /);
      session.end();
      const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(entries).toEqual([
        // An accepted message's line has the same client and credential fields.
        expect.objectContaining({ level: "info", event: "smtp.accepted", client: "127.0.0.1", credential: "Test client", credentialId: credential.id, messageId: "logged@example.com" }),
        // The refused address, as Postfix's from=<…>.
        expect.objectContaining({ level: "warn", client: "127.0.0.1", credential: "Test client", stage: "MAIL FROM", code: 550, enhanced: "5.7.1", reason: expect.stringContaining("unhosted.example"), address: "someone@unhosted.example" }),
        expect.objectContaining({ level: "warn", client: "127.0.0.1", credential: null, stage: "MAIL FROM", code: 530, enhanced: "5.7.0", reason: "Authentication required", address: "app@example.com" }),
      ]);
    } finally {
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
    }
  });

  it("logs the refusals smtp-server makes itself too, once each: SIZE= too big, unknown parameters (555), a bad address, data over SIZE, an unknown command, AUTH before STARTTLS", async () => {
    const lines = captureLogLines(/"smtp\.rejected"/);
    try {
      const listener = await kit.start({ maxMessageBytes: 10_000 });
      const credential = await kit.credential();
      const session = await openRawSession(listener.ports.tls!, { tls: true });
      await session.command("EHLO client.test");
      expect(await session.command(authPlain(credential))).toMatch(/^235 /);
      expect(await session.command("MAIL FROM:<app@example.com> SIZE=20000")).toMatch(/^552 /);
      expect(await session.command("MAIL FROM:<app@example.com> FOO=bar")).toMatch(/^555 5\.5\.4 Unsupported parameter FOO/);
      expect(await session.command("MAIL FROM:<app@example.com> SIZE=500 BODY=8BITMIME")).toMatch(/^250 /);
      expect(await session.command("RCPT TO:<a@dest.example> XRCPTFLAG")).toMatch(/^555 5\.5\.4 Unsupported parameter XRCPTFLAG/);
      expect(await session.command("RCPT TO:<not an address>")).toMatch(/^501 /);
      expect(await session.command("RCPT TO:<a@dest.example>")).toMatch(/^250 /);
      expect(await session.command("DATA")).toMatch(/^354 /);
      expect(await session.command(`${`${message("big")}${"x".repeat(70)}\r\n`.repeat(200)}.`)).toMatch(/^552 5\.3\.4 /);
      expect(await session.command("JUNK0")).toMatch(/^500 /);
      session.end();
      const clear = await openRawSession(listener.ports.submission!);
      await clear.greeting;
      await clear.command("EHLO client.test");
      expect(await clear.command("AUTH PLAIN AGFwcABzZWNyZXQ=")).toMatch(/^530 /);
      clear.end();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>).map(({ credential: who, stage, code, level, address }) => ({ who, stage, code, level, address }));
      // At MAIL FROM and RCPT TO the refused address is named (only there: never an AUTH line's bytes).
      expect(entries).toEqual([
        { who: "Test client", stage: "MAIL FROM", code: 552, level: "info", address: "app@example.com" },
        { who: "Test client", stage: "MAIL FROM", code: 555, level: "info", address: "app@example.com" },
        { who: "Test client", stage: "RCPT TO", code: 555, level: "info", address: "a@dest.example" },
        { who: "Test client", stage: "RCPT TO", code: 501, level: "info", address: "not an address" },
        { who: "Test client", stage: "DATA", code: 552, level: "info", address: undefined },
        { who: "Test client", stage: "JUNK0", code: 500, level: "info", address: undefined },
        { who: null, stage: "AUTH", code: 530, level: "warn", address: undefined },
      ]);
    } finally {
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
    }
  });

  it("refuses an over-size message with 552 at MAIL FROM (SIZE=) and after DATA when the declared size was wrong", async () => {
    const listener = await kit.start({ maxMessageBytes: 10_000 });
    const credential = await kit.credential();
    const session = await openRawSession(listener.ports.tls!, { tls: true });
    await session.command("EHLO client.test");
    expect(await session.command(authPlain(credential))).toMatch(/^235 /);
    expect(await session.command("MAIL FROM:<app@example.com> SIZE=20000")).toMatch(/^552 5\.3\.4 /);
    expect(await session.command("MAIL FROM:<app@example.com> SIZE=500")).toMatch(/^250 /);
    expect(await session.command("RCPT TO:<a@dest.example>")).toMatch(/^250 /);
    expect(await session.command("DATA")).toMatch(/^354 /);
    const body = `${message("big")}${"x".repeat(70)}\r\n`.repeat(200);
    expect(await session.command(`${body}.`)).toMatch(/^552 5\.3\.4 /);
    session.end();
    expect(await queuedMessages()).toHaveLength(0);
  });

  it("queues nothing it answers 552: a message just over the advertised SIZE but under OUTGATE_MAX_MESSAGE_BYTES", async () => {
    // EHLO says SIZE 7952 (the limit less room for Outgate's own fields); smtp-server refuses past it whatever the
    // handler did, so the handler must not have stored it (it once kept messages up to the full 10,000).
    const listener = await kit.start({ maxMessageBytes: 10_000 });
    const credential = await kit.credential();
    const session = await openRawSession(listener.ports.tls!, { tls: true });
    expect(await session.command("EHLO client.test")).toMatch(/^250[- ]SIZE 7952$/m);
    expect(await session.command(authPlain(credential))).toMatch(/^235 /);
    expect(await session.command("MAIL FROM:<app@example.com>")).toMatch(/^250 /);
    expect(await session.command("RCPT TO:<a@dest.example>")).toMatch(/^250 /);
    expect(await session.command("DATA")).toMatch(/^354 /);
    const head = message("just-over");
    const body = `${head}${`${"y".repeat(70)}\r\n`.repeat(Math.ceil((8_500 - head.length) / 72))}`;
    expect(await session.command(`${body}.`)).toMatch(/^552 5\.3\.4 /);
    session.end();
    expect(await queuedMessages()).toHaveLength(0);
  });

  it("answers a pipelined multi-recipient transaction, each reply in order", async () => {
    const listener = await kit.start();
    const credential = await kit.credential();
    const session = await openRawSession(listener.ports.tls!, { tls: true });
    expect(await session.command("EHLO client.test")).toContain("250-PIPELINING");
    expect(await session.command(authPlain(credential))).toMatch(/^235 /);
    const replies = await session.pipeline(["MAIL FROM:<app@example.com>", "RCPT TO:<a@dest.example>", "RCPT TO:<not an address>", "RCPT TO:<b@dest.example>", "DATA"], 5);
    expect(replies.map((reply) => reply.slice(0, 3))).toEqual(["250", "250", "501", "250", "354"]);
    expect(await session.command(`${message("piped")}.`)).toMatch(/^250 2\.0\.0 Queued as /);
    session.end();
    const [stored] = await queuedMessages();
    expect(stored.recipients.map((r) => r.address)).toEqual(["a@dest.example", "b@dest.example"]);
  });

  it("queues nothing when the client disconnects in the middle of DATA", async () => {
    const listener = await kit.start();
    const credential = await kit.credential();
    const session = await openRawSession(listener.ports.tls!, { tls: true });
    await session.command("EHLO client.test");
    await session.command(authPlain(credential));
    await session.pipeline(["MAIL FROM:<app@example.com>", "RCPT TO:<a@dest.example>", "DATA"], 3);
    session.write(message("cut").slice(0, 60));
    session.destroy();
    await waitFor(() => listener.sessions() === 0);
    expect(await queuedMessages()).toHaveLength(0);
  });

  it("drops a client that takes longer than the data timeout to send its message, queueing nothing", async () => {
    const listener = await kit.start({ dataTimeoutMs: 500 });
    const credential = await kit.credential();
    const session = await openRawSession(listener.ports.tls!, { tls: true });
    await session.command("EHLO client.test");
    await session.command(authPlain(credential));
    await session.pipeline(["MAIL FROM:<app@example.com>", "RCPT TO:<a@dest.example>", "DATA"], 3);
    session.write(message("slow").slice(0, 40));
    await waitFor(() => listener.sessions() === 0);
    // RFC 5321 §3.8: a server that gives up on a session says so with 421 before it closes.
    expect(await session.reply()).toMatch(/^421 4\.4\.2 /);
    session.write(`${message("slow").slice(40)}.\r\n`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await queuedMessages()).toHaveLength(0);
  });

  it("refuses AUTH inside a mail transaction with 503 5.5.1, so a message is never filed under a credential its sender was not checked for", async () => {
    // RFC 4954 §4: "An AUTH command issued during a mail transaction MUST be rejected with a 503 reply."
    const listener = await kit.start();
    await kit.credential({ ipRelay: true, allowedNetworks: ["127.0.0.0/8"], domains: ["example.com"] });
    const other = await kit.credential();
    const session = await openRawSession(listener.ports.tls!, { tls: true });
    await session.command("EHLO client.test");
    expect(await session.command("MAIL FROM:<app@example.com>")).toMatch(/^250 /);
    expect(await session.command(authPlain(other))).toMatch(/^503 5\.5\.1 /);
    expect(await session.command("RSET")).toMatch(/^250 /);
    expect(await session.command(authPlain(other))).toMatch(/^235 /); // outside a transaction AUTH works
    session.end();
  });

  it("lets an IP-only relay network relay on the submission port too, without TLS or AUTH (as README says), and nobody else", async () => {
    const listener = await kit.start();
    const stranger = await openRawSession(listener.ports.submission!);
    await stranger.command("EHLO client.test");
    expect(await stranger.command("MAIL FROM:<app@example.com>")).toMatch(/^530 5\.7\.0 /);
    stranger.end();
    await kit.credential({ ipRelay: true, allowedNetworks: ["127.0.0.0/8"], domains: ["example.com"] });
    const session = await openRawSession(listener.ports.submission!);
    await session.command("EHLO client.test");
    expect(await session.pipeline(["MAIL FROM:<app@example.com>", "RCPT TO:<a@dest.example>", "DATA"], 3)).toEqual([expect.stringMatching(/^250 /), expect.stringMatching(/^250 /), expect.stringMatching(/^354 /)]);
    expect(await session.command(`${message("relayed")}.`)).toMatch(/^250 /);
    session.end();
    expect(await queuedMessages()).toHaveLength(1);
  });

  it("refuses AUTH PLAIN that asks to act as another identity than the one it proves (RFC 4616 §2)", async () => {
    const listener = await kit.start();
    const credential = await kit.credential();
    const session = await openRawSession(listener.ports.tls!, { tls: true });
    await session.command("EHLO client.test");
    expect(await session.command(authPlain(credential, { as: "someone-else" }))).toMatch(/^535 5\.7\.8 /);
    expect(await session.command(authPlain(credential, { as: credential.user }))).toMatch(/^235 /);
    session.end();
  });

  it("logs a session refused over the per-address limit once, with its enhanced code", async () => {
    const lines = captureLogLines(/"smtp\.rejected"/);
    try {
      const listener = await kit.start({ maxSessionsPerIp: 1 });
      const first = await openRawSession(listener.ports.submission!);
      const second = await openRawSession(listener.ports.submission!, { expectGreeting: false });
      expect(await second.greeting).toMatch(/^421 4\.7\.0 /);
      await new Promise((resolve) => setTimeout(resolve, 100));
      first.end();
      expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([expect.objectContaining({ stage: "CONNECT", code: 421, enhanced: "4.7.0" })]);
    } finally {
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
    }
  });

  it("refuses sessions beyond the per-address limit with 421 4.7.0", async () => {
    const listener = await kit.start({ maxSessionsPerIp: 2 });
    const first = await openRawSession(listener.ports.submission!);
    const second = await openRawSession(listener.ports.submission!);
    const third = await openRawSession(listener.ports.submission!, { expectGreeting: false });
    expect(await third.greeting).toMatch(/^421 4\.7\.0 .*Too many sessions from your address/);
    expect(listener.sessions()).toBe(2);
    first.end();
    await waitFor(() => listener.sessions() === 1);
    const fourth = await openRawSession(listener.ports.submission!);
    expect(await fourth.greeting).toMatch(/^220 /);
    second.end();
    fourth.end();
  });

  it("answers a retry of the same message (same Message-ID and octets) with the first one's id instead of queueing it twice", async () => {
    const listener = await kit.start();
    const transport = await kit.transport({ port: listener.ports.tls!, secure: true, auth: await kit.credential() });
    const envelope = { from: "app@example.com", to: ["a@dest.example"] };
    const first = await transport.sendMail({ envelope, raw: message("again") });
    const second = await transport.sendMail({ envelope, raw: message("again") });
    expect(second.response).toBe(first.response);
    expect(await queuedMessages()).toHaveLength(1);
  });

  it("queues the same message again for other recipients: a client splitting its recipients (or sending the rest after 452) is not retrying", async () => {
    const listener = await kit.start();
    const transport = await kit.transport({ port: listener.ports.tls!, secure: true, auth: await kit.credential() });
    const raw = message("split");
    const first = await transport.sendMail({ envelope: { from: "app@example.com", to: ["a1@dest.example", "a2@dest.example"] }, raw });
    const second = await transport.sendMail({ envelope: { from: "app@example.com", to: ["b1@dest.example", "b2@dest.example"] }, raw });
    // Another envelope sender is not the same transaction either.
    const third = await transport.sendMail({ envelope: { from: "other@example.com", to: ["a1@dest.example", "a2@dest.example"] }, raw });
    expect(new Set([first.response, second.response, third.response]).size).toBe(3);
    const queued = await queuedMessages();
    expect(queued.map((m) => m.recipients.map((r) => r.address).join(",")).sort()).toEqual(["a1@dest.example,a2@dest.example", "a1@dest.example,a2@dest.example", "b1@dest.example,b2@dest.example"]);
  });

  it("answers a retry with the first one's id even when the domain's Reject limit is full by then, and refuses new mail 451", async () => {
    await getDb().domain.update({ where: { name: "example.com" }, data: { limitAction: "REJECT", perHourLimit: 1 } });
    // Limits are read at most once a second per sender domain (reserve-sending-limits.ts): an earlier test's "no limit"
    // for example.com may still be the one in force, as an admin's edit is only within the second.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const listener = await kit.start();
    const transport = await kit.transport({ port: listener.ports.tls!, secure: true, auth: await kit.credential() });
    const envelope = { from: "app@example.com", to: ["a@dest.example"] };
    const first = await transport.sendMail({ envelope, raw: message("limited") });
    const retry = await transport.sendMail({ envelope, raw: message("limited") });
    expect(retry.response).toBe(first.response);
    await expect(transport.sendMail({ envelope, raw: message("over") })).rejects.toMatchObject({ responseCode: 451 });
    expect((await queuedMessages()).map((m) => m.messageId)).toEqual(["limited@example.com"]);
  });

  it("stops a session that authenticated before its credential was revoked (within a second), not only the next AUTH", async () => {
    const listener = await kit.start();
    const credential = await kit.credential();
    const transport = await kit.sessionTransport({ port: listener.ports.tls!, secure: true, auth: credential });
    const envelope = { from: "app@example.com", to: ["a@dest.example"] };
    await transport.sendMail({ envelope, raw: message("before-revoke") });
    await revokeSmtpCredential({ id: credential.id });
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the documented bound: a second
    await expect(transport.sendMail({ envelope, raw: message("after-revoke") })).rejects.toMatchObject({ responseCode: 530 });
    expect((await queuedMessages()).map((m) => m.messageId)).toEqual(["before-revoke@example.com"]);
  });

  it("lets an IP-relay network send without AUTH on the plain port, and nobody else", async () => {
    const listener = await kit.start();
    const transport = await kit.transport({ port: listener.ports.plain!, secure: false, ignoreTLS: true });
    await expect(transport.sendMail({ envelope: { from: "app@example.com", to: ["a@dest.example"] }, raw: message("p1") })).rejects.toMatchObject({ responseCode: 530 });
    const relay = await kit.credential({ ipRelay: true, allowedNetworks: ["127.0.0.0/8"] });
    await transport.sendMail({ envelope: { from: "app@example.com", to: ["a@dest.example"] }, raw: message("p2") });
    expect((await queuedMessages()).map((m) => [m.messageId, m.smtpCredentialId])).toEqual([["p2@example.com", relay.id]]);
  });
});

describe("SMTP in → gateway", () => {
  it("delivers a message submitted over SMTP to the gateway, its Received field on top and Bcc gone", async () => {
    const gateway = await startTestSmtpServer();
    try {
      await createTestGateway({ port: gateway.port });
      const listener = await kit.start();
      const transport = await kit.transport({ port: listener.ports.submission!, secure: false, requireTLS: true, auth: await kit.credential() });
      const raw = "From: app@example.com\r\nTo: a@dest.example\r\nBcc: hidden@dest.example\r\nSubject: End to end\r\nMessage-ID: <e2e@example.com>\r\n\r\nHello\r\n";
      await transport.sendMail({ envelope: { from: "app@example.com", to: ["a@dest.example", "hidden@dest.example"] }, raw });

      expect(await drainQueue({ maxMs: 20_000, transport: TEST_TRANSPORT })).toMatchObject({ claimed: 1, delivered: 1 });
      const [delivered] = gateway.messages;
      expect(delivered).toMatchObject({ from: "app@example.com", to: ["a@dest.example", "hidden@dest.example"], messageId: "<e2e@example.com>" });
      const text = delivered.raw.toString();
      expect(text).toMatch(/^Received: from .+\r\n\tby outgate\.test \(Outgate\) with ESMTPSA /);
      expect(text).not.toMatch(/^Bcc:/im);
    } finally {
      closeAllTransports();
      await gateway.close();
    }
  });
});

describe("a mail server relaying through Outgate", () => {
  // Postfix, Exchange or SmarterMail hand over mail that already carries their own Received fields, and a forwarding
  // server adds Authentication-Results and an ARC set (RFC 8617 §5.1). A relay adds its own trace field on top and
  // must not remove or refuse earlier ones (RFC 5321 §4.4); the API keeps refusing them from applications.
  it("keeps the upstream Received, Authentication-Results and ARC fields under its own Received", async () => {
    const listener = await kit.start();
    const transport = await kit.transport({ port: listener.ports.submission!, secure: false, requireTLS: true, auth: await kit.credential() });
    const upstream =
      "Received: by mx1.example.com (Postfix, from userid 1000)\r\n\tid 4F2B81234; Tue,  1 Dec 2026 04:00:00 +0000 (UTC)\r\n" +
      "Authentication-Results: mx1.example.com; spf=pass smtp.mailfrom=example.com\r\n" +
      "ARC-Seal: i=1; a=rsa-sha256; d=example.com; s=arc; cv=none; b=AAAA\r\n";
    await transport.sendMail({ envelope: { from: "app@example.com", to: ["a@dest.example"] }, raw: upstream + message("relayed") });

    const [stored] = await queuedMessages();
    const raw = Buffer.from(stored.raw).toString();
    expect(raw).toMatch(/^Received: from [^\r\n]+\r\n\tby outgate\.test \(Outgate\) with ESMTPSA id \S+;\r\n\t.+\r\nReceived: by mx1\.example\.com \(Postfix, from userid 1000\)\r\n/);
    expect(raw).toContain("\r\nAuthentication-Results: mx1.example.com; spf=pass smtp.mailfrom=example.com\r\n");
    expect(raw).toContain("\r\nARC-Seal: i=1; a=rsa-sha256; d=example.com; s=arc; cv=none; b=AAAA\r\n");
  });

  it("still refuses a Return-Path field, which only the delivering server writes (RFC 5321 §4.4)", async () => {
    const listener = await kit.start();
    const transport = await kit.transport({ port: listener.ports.submission!, secure: false, requireTLS: true, auth: await kit.credential() });
    const sending = transport.sendMail({ envelope: { from: "app@example.com", to: ["a@dest.example"] }, raw: "Return-Path: <app@example.com>\r\n" + message("rp") });
    await expect(sending).rejects.toMatchObject({ responseCode: 550, response: expect.stringMatching(/5\.6\.0 .*Return-Path/) });
    expect(await queuedMessages()).toEqual([]);
  });
});

describe("per-session message limit", () => {
  it("answers the MAIL FROM past the limit with 421 4.7.0 and closes the session", async () => {
    const listener = await kit.start({ maxMessagesPerSession: 2 });
    const credential = await kit.credential();
    const session = await openRawSession(listener.ports.tls!, { tls: true });
    await session.command("EHLO client.test");
    await session.command(authPlain(credential));
    for (const id of ["s1", "s2"]) {
      await session.pipeline(["MAIL FROM:<app@example.com>", "RCPT TO:<a@dest.example>", "DATA"], 3);
      expect(await session.command(`${message(id)}.`)).toMatch(/^250 /);
    }
    expect(await session.command("MAIL FROM:<app@example.com>")).toMatch(/^421 4\.7\.0 At most 2 messages per session/);
    expect(await queuedMessages()).toHaveLength(2);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
