import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findFreePort } from "@/lib/platform/free-port";
import { startFakeSmarterMail, type FakeSmarterMail } from "@/test/smartermail/start-fake-smartermail";
import { createSmarterMailClient, type SmarterMailClientOptions } from "./client";
import { SmarterMailError } from "./smartermail-error";
import { clearSmarterMailTokenCache } from "./token-cache";

let fake: FakeSmarterMail | undefined;

async function start(options: Parameters<typeof startFakeSmarterMail>[0] = {}) {
  fake = await startFakeSmarterMail(options);
  return fake;
}

function clientFor(url: string, overrides: Partial<SmarterMailClientOptions> = {}) {
  return createSmarterMailClient({ url, username: "admin", password: "secret", ...overrides });
}

async function catchError(promise: Promise<unknown>): Promise<SmarterMailError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(SmarterMailError);
  return error as SmarterMailError;
}

beforeEach(() => clearSmarterMailTokenCache());
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("answers that are not the API", () => {
  it("reports an HTML page served with 200 as unexpected_answer, never repeating its content", async () => {
    const { url } = await start({ htmlStatus: 200 });

    const error = await catchError(clientFor(url).getSpoolCounts());

    expect(error.kind).toBe("unexpected_answer");
    expect(error.details).toContain("not JSON");
    expect(error.details).not.toContain("Service Unavailable");
  });

  it("reports an HTML error page with a 5xx status as http_error", async () => {
    const { url } = await start({ htmlStatus: 502 });

    const error = await catchError(clientFor(url).getSpoolCounts());

    expect(error.kind).toBe("http_error");
    expect(error.message).toBe("HTTP 5xx");
    expect(error.details).not.toContain("Service Unavailable");
  });

  it("reports JSON of the wrong shape as unexpected_answer", async () => {
    const { url } = await start({ spoolBody: { counts: { default: "six" }, success: true } });

    const error = await catchError(clientFor(url).getSpoolCounts());

    expect(error.kind).toBe("unexpected_answer");
    expect(error.details).toContain("counts.default");
  });

  it("reports success:false on the spool call without repeating the server's message", async () => {
    const { url } = await start({ spoolBody: { success: false, message: "Access denied" } });

    const error = await catchError(clientFor(url).getSpoolCounts());

    expect(error.kind).toBe("unexpected_answer");
    expect(error.details).toContain("success: false");
    expect(error.details).not.toContain("Access denied");
  });

  it("ignores non-numeric extra counts instead of failing", async () => {
    const { url } = await start({ spoolBody: { counts: { default: 1, waiting: 2, note: "x" }, success: true, extra: [] } });

    expect(await clientFor(url).getSpoolCounts()).toEqual({ default: 1, waiting: 2, raw: { default: 1, waiting: 2 } });
  });
});

describe("network failures", () => {
  it("gives up on a server that never answers within timeoutMs", async () => {
    const { url } = await start({ hang: true });
    const started = performance.now();

    const error = await catchError(clientFor(url, { timeoutMs: 300 }).getSpoolCounts());

    expect(error.kind).toBe("timeout");
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it("applies the deadline to a stalled call after a successful login", async () => {
    const { url, settings } = await start();
    const client = clientFor(url, { timeoutMs: 300 });
    await client.getSpoolCounts();
    settings.hang = true;

    const error = await catchError(client.getSpoolCounts());

    expect(error.kind).toBe("timeout");
  });

  it("reports a closed port as unreachable", async () => {
    const port = await findFreePort();

    const error = await catchError(clientFor(`http://127.0.0.1:${port}`).getSpoolCounts());

    expect(error.kind).toBe("unreachable");
    expect(error.message).toBe("unreachable");
    expect(error.details).toContain("connection refused");
  });
});

describe("TLS", () => {
  it("refuses an untrusted self-signed certificate with kind tls", async () => {
    const { url } = await start({ https: true });

    const error = await catchError(clientFor(url).getSpoolCounts());

    expect(error.kind).toBe("tls");
    expect(error.details).toMatch(/self-signed/i);
  });

  it("trusts the certificate when its CA is passed", async () => {
    const { url, ca } = await start({ https: true, pathPrefix: "/smartermail" });

    const counts = await clientFor(url, { tls: { ca } }).getSpoolCounts();

    expect(counts).toMatchObject({ default: 6, waiting: 31 });
  });

  it("reports speaking TLS to a plain-HTTP port as tls", async () => {
    const { url } = await start();

    const error = await catchError(clientFor(url.replace("http:", "https:")).getSpoolCounts());

    expect(error.kind).toBe("tls");
  });
});
