import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startFakeSmarterMail, type FakeSmarterMail } from "@/test/smartermail/start-fake-smartermail";
import { createSmarterMailClient, type SmarterMailClientOptions } from "./client";
import { SmarterMailError } from "./smartermail-error";
import { clearSmarterMailTokenCache } from "./token-cache";

let fake: FakeSmarterMail;

async function start(options: Parameters<typeof startFakeSmarterMail>[0] = {}) {
  fake = await startFakeSmarterMail(options);
  return fake;
}

function clientFor(overrides: Partial<SmarterMailClientOptions> = {}) {
  return createSmarterMailClient({ url: fake.url, username: "admin", password: "secret", ...overrides });
}

async function catchError(promise: Promise<unknown>): Promise<SmarterMailError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(SmarterMailError);
  return error as SmarterMailError;
}

beforeEach(() => clearSmarterMailTokenCache());
afterEach(async () => {
  vi.useRealTimers();
  await fake?.close();
});

describe("getSpoolCounts", () => {
  it("returns default and waiting, and every numeric count in raw", async () => {
    await start({ counts: { default: 6, waiting: 31, virus: 0, spam: 0, throttledUsers: 1 } });

    const counts = await clientFor().getSpoolCounts();

    expect(counts).toEqual({
      default: 6,
      waiting: 31,
      raw: { default: 6, waiting: 31, virus: 0, spam: 0, throttledUsers: 1 },
    });
  });

  it("logs in once for several calls, also across clients with the same credentials", async () => {
    await start();
    const client = clientFor();

    await client.getSpoolCounts();
    await client.getSpoolCounts();
    await clientFor().getSpoolCounts();

    expect(fake.authenticateCalls).toBe(1);
    expect(fake.spoolCalls).toBe(3);
  });

  it("shares one login between concurrent first calls", async () => {
    await start();
    const client = clientFor();

    await Promise.all([client.getSpoolCounts(), client.getSpoolCounts(), clientFor().getSpoolCounts()]);

    expect(fake.authenticateCalls).toBe(1);
  });

  it("keeps the token until shortly before accessTokenExpiration, then logs in again", async () => {
    await start({ tokenLifetimeMs: 15 * 60_000 });
    vi.useFakeTimers({ toFake: ["Date"] });
    const t0 = Date.now();
    const client = clientFor();

    await client.getSpoolCounts();
    vi.setSystemTime(t0 + 13 * 60_000);
    await client.getSpoolCounts();
    expect(fake.authenticateCalls).toBe(1);

    vi.setSystemTime(t0 + 14.5 * 60_000);
    await client.getSpoolCounts();
    expect(fake.authenticateCalls).toBe(2);
  });

  it("after a 401 on an expired token, logs in exactly once more and succeeds", async () => {
    await start();
    const client = clientFor();
    await client.getSpoolCounts();

    fake.expireTokens();
    const counts = await client.getSpoolCounts();

    expect(counts.waiting).toBe(31);
    expect(fake.authenticateCalls).toBe(2);
    expect(fake.spoolCalls).toBe(3);
  });

  it("fails with auth_failed when even a fresh token is refused", async () => {
    await start({ rejectAllTokens: true });

    const error = await catchError(clientFor().getSpoolCounts());

    expect(error.kind).toBe("auth_failed");
    expect(fake.authenticateCalls).toBe(2);
  });

  it.each([200, 400] as const)("reports a wrong password answered with HTTP %i + success:false as auth_failed", async (status) => {
    await start({ loginFailureStatus: status });

    const error = await catchError(clientFor({ password: "wrong" }).getSpoolCounts());

    expect(error.kind).toBe("auth_failed");
    expect(error.message).toBe("auth failed");
    expect(error.details).toContain("credentials refused");
    // The server's own words are not repeated: a URL may point anywhere (issue #12, kind 10).
    expect(error.details).not.toContain("Invalid username or password");
    expect(error.details).not.toContain("wrong");
    expect(fake.spoolCalls).toBe(0);
  });

  it.each([
    ["/smartermail", "/smartermail"],
    ["/smartermail", "/smartermail/"],
    ["/mail/sm", "/mail/sm/"],
  ])("respects the path prefix %s (configured as %s)", async (prefix, configured) => {
    await start({ pathPrefix: prefix });
    const origin = new URL(fake.url).origin;

    const counts = await clientFor({ url: `${origin}${configured}` }).getSpoolCounts();

    expect(counts.default).toBe(6);
  });

  it("does not silently drop the prefix: the server root gives a clear http_error", async () => {
    await start({ pathPrefix: "/smartermail" });

    const error = await catchError(clientFor({ url: new URL(fake.url).origin }).getSpoolCounts());

    expect(error.kind).toBe("http_error");
    expect(error.details).toContain("HTTP 404");
  });
});

describe("testConnection", () => {
  it("logs in afresh even with a cached token and returns the counts", async () => {
    await start();
    const client = clientFor();
    await client.getSpoolCounts();

    const result = await client.testConnection();

    expect(result).toMatchObject({ ok: true, emailAddress: "admin", spool: { default: 6, waiting: 31 } });
    expect(fake.authenticateCalls).toBe(2);
  });

  it("returns the error as plain data instead of throwing", async () => {
    await start();

    const result = await clientFor({ password: "wrong" }).testConnection();

    expect(result).toEqual({ ok: false, error: { kind: "auth_failed", message: "auth failed", details: expect.any(String) } });
  });

  it("reports an invalid URL through the same error shape", async () => {
    const client = createSmarterMailClient({ url: "not a url", username: "a", password: "b" });

    expect(await client.testConnection()).toMatchObject({ ok: false, error: { message: "invalid URL" } });
    await expect(client.getSpoolCounts()).rejects.toBeInstanceOf(SmarterMailError);
  });
});
