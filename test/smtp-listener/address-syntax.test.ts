import { afterEach, describe, expect, it, vi } from "vitest";
import { authPlain, openRawSession, type RawSession } from "./raw-smtp-client";
import { captureLogLines, queuedMessages, readRejectedCount, setUpSmtpListenerTests } from "./smtp-listener-test-kit";

const kit = setUpSmtpListenerTests();

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** A session on the implicit TLS port, logged in, after EHLO. */
async function openLoggedInSession(port: number): Promise<RawSession> {
  const session = await openRawSession(port, { tls: true });
  await session.command("EHLO client.test");
  expect(await session.command(authPlain(await kit.credential()))).toMatch(/^235 /);
  return session;
}

// RFC 5321 §4.1.1.2, §4.1.1.3 and §4.1.2: "MAIL FROM:" Reverse-path and "RCPT TO:" Forward-path, a path being an
// address in angle brackets. A line without them is refused as a syntax error that says what is wrong, not as an
// unsupported parameter (555) named after the command word.
describe("MAIL FROM and RCPT TO syntax", () => {
  it("refuses an address without angle brackets with 501 5.1.7 (sender) or 5.1.3 (recipient), parameters or not, any case", async () => {
    const lines = captureLogLines(/"smtp\.rejected"/);
    const listener = await kit.start();
    const session = await openLoggedInSession(listener.ports.tls!);
    const bareSender = /^501 5\.1\.7 Bad sender address syntax: write the address in angle brackets, MAIL FROM:<name@example\.com> \(RFC 5321 section 4\.1\.2\)$/;
    const bareRecipient = /^501 5\.1\.3 Bad recipient address syntax: write the address in angle brackets, RCPT TO:<name@example\.com> \(RFC 5321 section 4\.1\.2\)$/;
    expect(await session.command("MAIL FROM:a@example.com")).toMatch(bareSender);
    expect(await session.command("MAIL FROM:a@example.com SIZE=100")).toMatch(bareSender);
    expect(await session.command("mail from:a@example.com")).toMatch(bareSender);
    expect(await session.command("MAIL FROM:<a@example.com")).toMatch(bareSender);
    expect(await session.command("MAIL FROM:")).toMatch(bareSender);
    expect(await session.command("MAIL FROM:<app@example.com>")).toMatch(/^250 /);
    expect(await session.command("RCPT TO:x@example.net")).toMatch(bareRecipient);
    expect(await session.command("RCPT TO:x@example.net NOTIFY=FAILURE")).toMatch(bareRecipient);
    expect(await session.command("rcpt to:x@example.net")).toMatch(bareRecipient);
    session.end();
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>).map(({ stage, code, enhanced }) => `${stage} ${code} ${enhanced}`)).toEqual([
      ...Array(5).fill("MAIL FROM 501 5.1.7"),
      ...Array(3).fill("RCPT TO 501 5.1.3"),
    ]);
    expect(await readRejectedCount(8)).toBe(8);
  });

  it("refuses a line that is not MAIL FROM: / RCPT TO: (no colon, a word missing) with 501 5.5.2 and the syntax", async () => {
    const listener = await kit.start();
    const session = await openLoggedInSession(listener.ports.tls!);
    for (const line of ["MAIL FROM <app@example.com>", "MAIL <app@example.com>", "MAIL", "MAIL TO:<app@example.com>", "MAIL  FROM:<app@example.com>"]) {
      expect(await session.command(line)).toBe("501 5.5.2 Syntax: MAIL FROM:<address> (RFC 5321 section 4.1.1.2)");
    }
    expect(await session.command("MAIL FROM:<app@example.com>")).toMatch(/^250 /);
    for (const line of ["RCPT TO <a@dest.example>", "RCPT", "RCPT FROM:<a@dest.example>"]) {
      expect(await session.command(line)).toBe("501 5.5.2 Syntax: RCPT TO:<address> (RFC 5321 section 4.1.1.3)");
    }
    session.end();
  });

  it("refuses a parameter that is no esmtp-keyword with 501 5.5.4, not as unsupported (555)", async () => {
    const listener = await kit.start();
    const session = await openLoggedInSession(listener.ports.tls!);
    expect(await session.command("MAIL FROM:<app@example.com> <other@example.com>")).toMatch(/^501 5\.5\.4 Bad parameter syntax: <other@example\.com> \(RFC 5321 section 4\.1\.2\)$/);
    expect(await session.command("MAIL FROM:<app@example.com> FOO=bar")).toMatch(/^555 5\.5\.4 Unsupported parameter FOO /);
    session.end();
  });

  it("refuses RCPT TO:<> (the null path is a sender only, RFC 5321 section 4.5.5) with 501 5.1.3, logged and counted", async () => {
    const lines = captureLogLines(/"smtp\.rejected"/);
    const listener = await kit.start();
    const session = await openLoggedInSession(listener.ports.tls!);
    expect(await session.command("MAIL FROM:<app@example.com>")).toMatch(/^250 /);
    expect(await session.command("RCPT TO:<>")).toMatch(/^501 5\.1\.3 /);
    session.end();
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([expect.objectContaining({ stage: "RCPT TO", code: 501, enhanced: "5.1.3" })]);
    expect(await readRejectedCount(1)).toBe(1);
  });

  // RFC 5321 §4.1.2 has no space after the colon, but printers and old devices send one; Postfix accepts it by default
  // (strict_rfc821_envelopes = no) and so does Outgate: the path is still unambiguous. Lower-case verbs are plain
  // RFC 5321 (§2.4: commands are case-insensitive).
  it("accepts a space after the colon and lower-case command words", async () => {
    const listener = await kit.start();
    const session = await openLoggedInSession(listener.ports.tls!);
    expect(await session.command("mail from: <app@example.com> SIZE=100")).toMatch(/^250 /);
    expect(await session.command("RCPT TO: <a@dest.example>")).toMatch(/^250 /);
    expect(await session.command("rcpt to:<b@dest.example> NOTIFY=FAILURE")).toMatch(/^250 /);
    expect(await session.command("DATA")).toMatch(/^354 /);
    expect(await session.command("From: app@example.com\r\nSubject: x\r\n\r\nx\r\n.")).toMatch(/^250 /);
    session.end();
    expect((await queuedMessages()).map((m) => m.recipients.map((r) => r.address))).toEqual([["a@dest.example", "b@dest.example"]]);
  });
});

// Missing AUTH is the first thing a client on a port that requires it hears at MAIL FROM (530 5.7.0, RFC 4954 §6),
// whatever the line says: the size limit, the parameters Outgate knows and the line's syntax are for logged-in clients.
describe("MAIL FROM before AUTH", () => {
  it("answers 530 5.7.0 whatever the parameters and syntax, on every port", async () => {
    const listener = await kit.start({ maxMessageBytes: 10_000 });
    for (const [port, tls] of [[listener.ports.submission!, false], [listener.ports.tls!, true], [listener.ports.plain!, false]] as const) {
      const session = await openRawSession(port, { tls });
      await session.command("EHLO client.test");
      for (const line of ["MAIL FROM:<a@example.com> SIZE=30000000", "MAIL FROM:<a@example.com> FOO=bar", "MAIL FROM:<a@example.com> RET=NONE", "MAIL FROM:a@example.com", "MAIL FROM <a@example.com>"]) {
        expect(await session.command(line)).toBe("530 5.7.0 Authentication required");
      }
      session.end();
    }
    expect(await readRejectedCount(15)).toBe(15);
  });

  it("still refuses SIZE past the limit with 552 5.3.4 once logged in, and counts it", async () => {
    const listener = await kit.start({ maxMessageBytes: 10_000 });
    const session = await openLoggedInSession(listener.ports.tls!);
    expect(await session.command("MAIL FROM:<a@example.com> SIZE=30000000")).toMatch(/^552 5\.3\.4 /);
    session.end();
    expect(await readRejectedCount(1)).toBe(1);
  });
});
