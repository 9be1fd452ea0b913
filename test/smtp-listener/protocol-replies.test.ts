import { afterEach, describe, expect, it, vi } from "vitest";
import { openRawSession } from "./raw-smtp-client";
import { captureLogLines, readRejectedCount, setUpSmtpListenerTests } from "./smtp-listener-test-kit";

const kit = setUpSmtpListenerTests();

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const logged = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

// The listener advertises ENHANCEDSTATUSCODES, so every reply after EHLO carries an enhanced status code (RFC 2034 §3),
// also the replies smtp-server writes itself; a code that says what happened (RFC 3463), not one guessed from the
// reply code alone.
describe("replies smtp-server writes itself", () => {
  it("answers a command it does not know 500 5.5.2, LHLO too (smtp-server sends that one without a code)", async () => {
    const lines = captureLogLines(/"smtp\.rejected"/);
    const listener = await kit.start();
    const session = await openRawSession(listener.ports.submission!);
    await session.command("EHLO client.test");
    expect(await session.command("LHLO client.test")).toBe("500 5.5.2 Error: command not recognized");
    expect(await session.command("XYZZY")).toBe("500 5.5.2 Error: command not recognized");
    session.end();
    expect(logged(lines)).toEqual([
      expect.objectContaining({ stage: "LHLO", code: 500, enhanced: "5.5.2" }),
      expect.objectContaining({ stage: "XYZZY", code: 500, enhanced: "5.5.2" }),
    ]);
    expect(await readRejectedCount(2)).toBe(2);
  });

  it("closes a session after ten unknown commands with 421 4.7.0, a policy limit like Postfix's smtpd_hard_error_limit", async () => {
    const listener = await kit.start();
    const session = await openRawSession(listener.ports.submission!);
    await session.command("EHLO client.test");
    const replies = await session.pipeline(Array.from({ length: 10 }, (_, i) => `JUNK${i}`), 10);
    expect(replies.at(-1)).toBe("421 4.7.0 Error: too many unrecognized commands");
    expect(await readRejectedCount(10)).toBe(10);
  });

  it("closes a session whose command line is too long with 421 4.5.0, not 4.4.2 (a connection fault)", async () => {
    const listener = await kit.start();
    const session = await openRawSession(listener.ports.submission!);
    await session.command("EHLO client.test");
    expect(await session.command(`NOOP ${"x".repeat(20_000)}`)).toBe("421 4.5.0 Error: Command line too long");
    expect(await readRejectedCount(1)).toBe(1);
  });

  it("says 421 4.4.2 on an idle timeout and logs the stage the session was idle in: GREETING before any command, not CONNECT", async () => {
    const lines = captureLogLines(/"smtp\.rejected"/);
    const listener = await kit.start({ idleTimeoutMs: 300 });
    const silent = await openRawSession(listener.ports.submission!);
    expect(await silent.reply()).toBe("421 4.4.2 Timeout - closing connection");
    const greeted = await openRawSession(listener.ports.submission!);
    await greeted.command("EHLO client.test");
    expect(await greeted.reply()).toBe("421 4.4.2 Timeout - closing connection");
    // CONNECT is the stage of the sessions refused at connect (the session limits).
    expect(logged(lines)).toEqual([
      expect.objectContaining({ stage: "GREETING", code: 421, enhanced: "4.4.2", reason: "Timeout - closing connection" }),
      expect.objectContaining({ stage: "EHLO", code: 421, enhanced: "4.4.2", reason: "Timeout - closing connection" }),
    ]);
  });

  it("tells the sessions still open when it stops 421 4.3.2 (system not accepting messages), not 4.4.2", async () => {
    const listener = await kit.start();
    const session = await openRawSession(listener.ports.submission!);
    await session.command("EHLO client.test");
    const closing = listener.close(100);
    expect(await session.reply()).toBe("421 4.3.2 Server shutting down");
    await closing;
  });
});
