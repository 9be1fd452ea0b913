import { afterEach, describe, expect, it, vi } from "vitest";
import { openRawSession, type RawSession } from "./raw-smtp-client";
import { captureLogLines, readRejectedCount, setUpSmtpListenerTests } from "./smtp-listener-test-kit";

const kit = setUpSmtpListenerTests();

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

// OUTGATE_SMTP_MAX_SESSIONS and OUTGATE_SMTP_MAX_SESSIONS_PER_IP are Outgate's limits, over every port: the session
// past them hears Outgate's 421 4.7.0 (RFC 3463: 4.7.0, a policy refusal) on whichever port it came, never
// smtp-server's own per-port "Too many connected clients" without an enhanced code.
describe("session limits", () => {
  for (const port of ["submission", "tls", "plain"] as const) {
    it(`answers the session past OUTGATE_SMTP_MAX_SESSIONS with Outgate's 421 4.7.0 on the ${port} port, logged and counted once`, async () => {
      const lines = captureLogLines(/"smtp\.rejected"/);
      const listener = await kit.start({ maxSessions: 4, maxSessionsPerIp: 2 });
      const open = (from: string, expectGreeting = true) => openRawSession(listener.ports[port]!, { tls: port === "tls", from, expectGreeting });
      const sessions: RawSession[] = [];
      for (const from of ["127.0.0.1", "127.0.0.1", "127.0.0.2", "127.0.0.2"]) sessions.push(await open(from));
      const fifth = await open("127.0.0.3", false);
      expect(await fifth.greeting).toBe("421 4.7.0 outgate.test Too many sessions; try again in a moment");
      for (const session of sessions) session.end();

      expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
        expect.objectContaining({ client: "127.0.0.3", stage: "CONNECT", code: 421, enhanced: "4.7.0", reason: "outgate.test Too many sessions; try again in a moment" }),
      ]);
      expect(await readRejectedCount(1)).toBe(1);
    });
  }

  it("answers the same when more connections arrive at once than smtp-server's own ceiling lets in", async () => {
    // The ceiling (twice the limit per port) only bounds connections not yet counted by Outgate (the ~100 ms before
    // the greeting, implicit TLS handshakes): should it ever answer, it says what Outgate's own limit says.
    const lines = captureLogLines(/"smtp\.rejected"/);
    const listener = await kit.start({ maxSessions: 1 });
    const sessions = await Promise.all(Array.from({ length: 4 }, () => openRawSession(listener.ports.submission!, { expectGreeting: false })));
    const greetings = await Promise.all(sessions.map((session) => session.greeting));
    for (const session of sessions) session.end();

    expect(greetings.filter((greeting) => greeting.startsWith("220 "))).toHaveLength(1);
    expect(greetings.filter((greeting) => !greeting.startsWith("220 "))).toEqual(Array(3).fill("421 4.7.0 outgate.test Too many sessions; try again in a moment"));
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual(Array(3).fill(expect.objectContaining({ stage: "CONNECT", code: 421, enhanced: "4.7.0" })));
    expect(await readRejectedCount(3)).toBe(3);
  });

  it("counts a session refused over the per-address limit as rejected", async () => {
    const listener = await kit.start({ maxSessionsPerIp: 1 });
    const first = await openRawSession(listener.ports.submission!);
    const second = await openRawSession(listener.ports.submission!, { expectGreeting: false });
    expect(await second.greeting).toBe("421 4.7.0 outgate.test Too many sessions from your address; try again in a moment");
    first.end();
    expect(await readRejectedCount(1)).toBe(1);
  });
});
