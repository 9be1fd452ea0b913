import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearSmarterMailTokenCache } from "@/lib/engine/smartermail/token-cache";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { signInAs, signOutEveryone } from "@/test/next-request";
import { startFakeSmarterMail } from "@/test/smartermail/start-fake-smartermail";
import { testSmarterMailConnectionAction } from "./actions";

// Issue #12, kind 10: Test connection must not be a way to reach any host and read its answers.
const MARKER = "REMOTE-MARKER-7f3c";

type Answer = { status: number; headers?: Record<string, string>; body?: string };
type FakeHttp = { url: string; requests: string[]; close(): Promise<void> };
const servers: FakeHttp[] = [];

/** A plain HTTP server on 127.0.0.1 that answers every request with `answer` and records the paths asked for. */
async function startHttp(answer: Answer): Promise<FakeHttp> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? "");
    request.resume();
    response.writeHead(answer.status, answer.headers ?? {});
    response.end(answer.body ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const fake = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  servers.push(fake);
  return fake;
}

const typed = (url: string) => ({ smartermailUrl: url, smartermailUsername: "sm-admin", smartermailPassword: "typed password" });

beforeEach(async () => {
  await resetDatabase();
  clearSmarterMailTokenCache();
  signOutEveryone();
  await signInAs(await createTestAdmin());
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe("Test connection, outbound", () => {
  it.each(["http://169.254.169.254/", "http://[::ffff:169.254.169.254]/", "http://[::ffff:a9fe:a9fe]:8080/", "http://[fe80::1]/", "http://2852039166/"])(
    "refuses the link-local destination %s without connecting",
    async (url) => {
      const started = performance.now();
      const result = await testSmarterMailConnectionAction(typed(url));

      expect(result).toMatchObject({ ok: true, data: { ok: false, error: { kind: "denied", message: "address not allowed" } } });
      // A connection attempt to an unrouted address would wait for the timeout; a refusal is immediate.
      expect(performance.now() - started).toBeLessThan(1000);
    },
  );

  it("still reaches a SmarterMail server by host name, through the checked address", async () => {
    const fake = await startFakeSmarterMail({ username: "sm-admin", password: "typed password" });
    servers.push({ ...fake, requests: [] });

    const result = await testSmarterMailConnectionAction(typed(fake.url.replace("127.0.0.1", "localhost")));

    expect(result).toMatchObject({ ok: true, data: { ok: true, spool: { default: 6 } } });
  });

  it("never follows a redirect, to another host or at all, and does not show where it pointed", async () => {
    const target = await startHttp({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
    const redirecting = await startHttp({ status: 302, headers: { location: `${target.url}/${MARKER}` }, body: MARKER });

    const result = await testSmarterMailConnectionAction(typed(redirecting.url));

    expect(result).toMatchObject({ ok: true, data: { ok: false, error: { kind: "redirected" } } });
    expect(redirecting.requests).toEqual(["/api/v1/auth/authenticate-user"]);
    expect(target.requests).toEqual([]);
    expect(JSON.stringify(result)).not.toContain(MARKER);
  });

  it.each<[string, Answer, string]>([
    ["an HTML error page", { status: 503, headers: { "content-type": "text/html" }, body: `<html><title>${MARKER}</title>${MARKER}</html>` }, "http_error"],
    ["an HTML page with status 200", { status: 200, headers: { "content-type": "text/html" }, body: `<title>${MARKER}</title>` }, "unexpected_answer"],
    ["plain text", { status: 200, headers: { "content-type": "text/plain" }, body: `${MARKER} ssh-2.0` }, "unexpected_answer"],
    ["a refused login with a message", { status: 401, headers: { "content-type": "application/json" }, body: JSON.stringify({ message: MARKER }) }, "auth_failed"],
    ["success:false with a message", { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ success: false, message: MARKER }) }, "auth_failed"],
    ["a 404 with a JSON body", { status: 404, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: MARKER }) }, "http_error"],
  ])("shows only the kind of failure for %s, never the remote body", async (_name, answer, kind) => {
    const server = await startHttp(answer);

    const result = await testSmarterMailConnectionAction(typed(server.url));

    expect(result).toMatchObject({ ok: true, data: { ok: false, error: { kind } } });
    expect(JSON.stringify(result)).not.toContain(MARKER);
  });

  it("does not echo a body that arrives on a port that is not HTTP at all", async () => {
    const raw = net.createServer((socket) => socket.end(`220 ${MARKER} ESMTP\r\n`));
    await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
    try {
      const result = await testSmarterMailConnectionAction(typed(`http://127.0.0.1:${(raw.address() as AddressInfo).port}`));
      expect(result).toMatchObject({ ok: true, data: { ok: false } });
      expect(JSON.stringify(result)).not.toContain(MARKER);
    } finally {
      raw.close();
    }
  });
});
