import { describe, expect, it, vi } from "vitest";
import { queuedMessages, setUpSmtpListenerTests } from "./smtp-listener-test-kit";
import { authPlain, openRawSession } from "./raw-smtp-client";

// The limit the intake checks (lib/platform/env.ts reads it once, before this file's first import of it) and the one
// the listener advertises SIZE from, as `npm start` sets both from OUTGATE_MAX_MESSAGE_BYTES.
vi.hoisted(() => {
  process.env.OUTGATE_MAX_MESSAGE_BYTES = "10000";
});

const kit = setUpSmtpListenerTests();

/**
 * A listener with `maxMessageBytes`, an authenticated session whose EHLO must advertise `size`, and one transaction up to
 * DATA's 354; resolves with the answer to `data` (sent as it is, then the ending dot).
 */
async function answerToData({ maxMessageBytes, size, mailFrom, data }: { maxMessageBytes: number; size: number; mailFrom: string; data: string }): Promise<string> {
  const listener = await kit.start({ maxMessageBytes });
  const credential = await kit.credential();
  const session = await openRawSession(listener.ports.tls!, { tls: true });
  try {
    expect(await session.command("EHLO client.test")).toMatch(new RegExp(`^250[- ]SIZE ${size}$`, "m"));
    expect(await session.command(authPlain(credential))).toMatch(/^235 /);
    expect(await session.command(mailFrom)).toMatch(/^250 /);
    expect(await session.command("RCPT TO:<a@dest.example>")).toMatch(/^250 /);
    expect(await session.command("DATA")).toMatch(/^354 /);
    return await session.command(`${data}.`);
  } finally {
    session.end();
  }
}

describe("message size over SMTP", () => {
  it("refuses a message that grows past the limit when made valid on the wire with 552 5.3.4, naming the size it would be relayed at (not a size the client never sent), and queues nothing", async () => {
    // SIZE 7952: the limit less room for the fields Outgate adds. 7,000 octets as sent — under SIZE — of which ~3,450
    // bare LFs: ~10,450 once each is CRLF, more with the Received field.
    const head = "From: app@example.com\nTo: a@dest.example\nSubject: bare LFs\nMessage-ID: <bare-lf@example.com>\n\n";
    const body = `${head}${"x\n".repeat((7_000 - head.length) / 2)}`;
    expect(body.length).toBe(7_000);
    const answer = await answerToData({ maxMessageBytes: 10_000, size: 7952, mailFrom: `MAIL FROM:<app@example.com> SIZE=${body.length}`, data: `${body}\r\n` });
    expect(answer).toMatch(/^552 5\.3\.4 The message is \d+ bytes as Outgate would relay it \(CRLF line endings/);
    const relayedSize = Number(/is (\d+) bytes/.exec(answer)![1]);
    expect(relayedSize).toBeGreaterThan(10_000);
    expect(answer).toContain("the limit is 10000");
    expect(await queuedMessages()).toHaveLength(0);
  });

  it("advertises a SIZE that leaves room for Outgate's fields however small the limit, and takes a message under it", async () => {
    // A fixed 2,048-octet reserve once advertised SIZE 1 for a 2,000-octet limit and refused every message.
    const small = "From: app@example.com\r\nTo: a@dest.example\r\nSubject: small\r\nMessage-ID: <small@example.com>\r\n\r\nHello\r\n";
    expect(await answerToData({ maxMessageBytes: 2_000, size: 1500, mailFrom: "MAIL FROM:<app@example.com>", data: small })).toMatch(/^250 /);
    expect((await queuedMessages()).map((message) => message.messageId)).toEqual(["small@example.com"]);
  });
});
