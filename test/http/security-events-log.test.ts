import type { IncomingMessage } from "node:http";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { authenticateAdmin } from "@/lib/console/admins/authenticate-admin";
import { reserveLoginAttempt } from "@/lib/console/admins/login-throttle";
import { getEnv } from "@/lib/platform/env";
import { authenticateSmtpCredential } from "@/lib/console/smtp-credentials/authenticate-smtp-credential";
import { answerWithApiKey } from "@/lib/http/api-key-route";
import { stampPeerAddress } from "@/lib/http/peer-address";
import { resetDatabase } from "@/test/db";

/**
 * Failed logins are logged, one structured line each with the client's address, so an operator can see an attack
 * and fail2ban-style tools can act on it (found by a new-user trial: none of them left a trace).
 */
describe("security events in the log", () => {
  let lines: string[];
  beforeEach(async () => {
    await resetDatabase();
    vi.stubEnv("OUTGATE_LOG_LEVEL", "info");
    lines = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });
  const events = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.event === "auth.failed");

  it("a wrong console password", async () => {
    await expect(authenticateAdmin("nobody@example.com", "wrong password", "203.0.113.7")).rejects.toThrow();
    expect(events()).toEqual([expect.objectContaining({ level: "warn", service: "console", user: "nobody@example.com", client: "203.0.113.7" })]);
  });

  it("a sign-in told to wait while others of its account are being checked is auth.deferred, never auth.failed", async () => {
    // Attempts still being checked fill the account's ceiling: the next one is answered "try again in a moment".
    for (let index = 0; index < getEnv().OUTGATE_LOGIN_MAX_FAILURES; index++) await reserveLoginAttempt({ email: "busy@example.com", ip: "203.0.113.10" });
    await expect(authenticateAdmin("busy@example.com", "any password", "203.0.113.10")).rejects.toThrow(/at once/);
    expect(events()).toEqual([]);
    const deferred = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.event === "auth.deferred");
    expect(deferred).toEqual([expect.objectContaining({ level: "info", service: "console", user: "busy@example.com", client: "203.0.113.10" })]);
  });

  it("a wrong SMTP password", async () => {
    await expect(authenticateSmtpCredential({ username: "mailer", password: "wrong", clientIp: "203.0.113.8" })).rejects.toThrow();
    expect(events()).toEqual([expect.objectContaining({ level: "warn", service: "smtp", user: "mailer", client: "203.0.113.8" })]);
  });

  it("an unknown API key, with the address it came from", async () => {
    // As the web server hands it on: the socket's address stamped into the request.
    const request = { headers: { authorization: `Bearer og_${"x".repeat(43)}` }, rawHeaders: [], socket: { remoteAddress: "203.0.113.9" } };
    stampPeerAddress(request as unknown as IncomingMessage);
    const headers = request.headers as Record<string, string>;
    const answer = await answerWithApiKey({ header: (name) => headers[name] ?? null, readBody: async () => Buffer.alloc(0) }, async () => ({ status: 200, body: {} }));
    expect(answer.status).toBe(401);
    expect(events()).toEqual([expect.objectContaining({ level: "warn", service: "api", client: "203.0.113.9" })]);
  });
});
