/**
 * Scenario 4 — bad input. 10,000 generated malformed requests (seeded, so replayable) against the production
 * server over keep-alive connections, 16 at a time: every answer is a 4xx JSON error with a useful message,
 * nothing malformed is queued, and the server stays healthy.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "./support/database";
import { discoverApp } from "./support/discover-app";
import { forEachBounded, makeHttpClient } from "./support/http-client";
import { generateMalformedRequests, type MalformedRequest } from "./support/malformed-requests";
import { makeTempRoot, removeTempRoot, ROOT, startServer, type OutgateServer } from "./support/outgate";
import { stopAllProcesses, tail } from "./support/processes";
import { seedApiKey, seedDomain } from "./support/seed";
import { findServerActionId, serverActionHeaders } from "./support/server-actions";

const COUNT = 10_000;
const CONCURRENCY = 16;
const BATCHES = 100;
const BATCH_ITEMS = 20;
const SEED = Number(process.env.RELIABILITY_SEED ?? 20261128);
const SENDER_DOMAIN = "reliability.example";
/** A small message cap keeps "oversized body" cases cheap; the route allows 4/3 of it plus 256 KiB of JSON. */
const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_BODY_BYTES = Math.ceil((MAX_MESSAGE_BYTES * 4) / 3) + 256 * 1024;
const STACK_TRACE = /\n\s+at\s|node_modules|\.tsx?:\d+|webpack|turbopack/i;

let root: string;
let db: TestDatabase;
let server: OutgateServer;
let apiKey: string;

beforeAll(async () => {
  root = makeTempRoot("bad-input");
  db = await startTestDatabase(root);
  await seedDomain(db.pool, SENDER_DOMAIN);
  apiKey = (await seedApiKey(db.pool)).key;
  server = await startServer(root, db.url, { OUTGATE_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES), OUTGATE_LOG_LEVEL: "warn" });
});

afterAll(async () => {
  await stopAllProcesses();
  await db?.close();
  removeTempRoot(root);
});

describe("malformed requests to the submission API", () => {
  it(`answers ${COUNT} of them with 4xx JSON errors and queues none`, async () => {
    const client = makeHttpClient(server.baseUrl, CONCURRENCY);
    const failures: string[] = [];
    const byCategory = new Map<string, Map<number, number>>();
    const startedAt = Date.now();
    let sent = 0;
    let closedOnOversize = 0;
    try {
      const requests = generateMalformedRequests(COUNT, { seed: SEED, apiKey, senderDomain: SENDER_DOMAIN, unhostedDomain: "not-hosted.example", maxBodyBytes: MAX_BODY_BYTES });
      await forEachBounded(requests, CONCURRENCY, async (request, index) => {
        sent += 1;
        const label = `#${index} [${request.category}] ${request.what}`;
        let answer;
        try {
          answer = await client.send({ ...request, chunked: request.category === "oversized body" && index % 2 === 0 });
        } catch (error) {
          // RFC 9110 §15.5.14: a server refusing a body that is too large may close the connection; the client can
          // then fail its write (EPIPE/ECONNRESET) before it reads the 413. Nothing was queued either way (checked below).
          const code = (error as NodeJS.ErrnoException).code;
          if (request.category === "oversized body" && (code === "EPIPE" || code === "ECONNRESET")) {
            closedOnOversize += 1;
            return;
          }
          failures.push(`${label}: ${(error as Error).message}`);
          return;
        }
        const statuses = byCategory.get(request.category) ?? new Map<number, number>();
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        byCategory.set(request.category, statuses);
        const problem = checkErrorAnswer(answer);
        if (problem) failures.push(`${label}: ${problem} — ${answer.status} ${answer.body.slice(0, 200)}`);
      });
    } finally {
      client.close();
    }
    const seconds = (Date.now() - startedAt) / 1000;
    console.log(`[bad-input] ${sent} requests in ${seconds.toFixed(1)} s (${Math.round(sent / seconds)}/s), seed ${SEED}; ${closedOnOversize} oversized bodies cut off by the server's close before the 413 was read`);
    for (const [category, statuses] of [...byCategory].sort()) {
      console.log(`[bad-input]   ${category.padEnd(16)} ${[...statuses].sort().map(([status, n]) => `${status}×${n}`).join(" ")}`);
    }
    expect(sent).toBe(COUNT);
    expect(failures.slice(0, 25), `${failures.length} bad answers`).toEqual([]);
    const queued = await db.pool.query<{ count: string }>("SELECT count(*) FROM messages");
    expect(Number(queued.rows[0].count)).toBe(0);
  });

  it(`refuses every malformed item of ${BATCHES} batches one by one (207) and queues none`, async () => {
    const client = makeHttpClient(server.baseUrl, CONCURRENCY);
    const items = [...generateMalformedRequests(BATCHES * 40, { seed: SEED + 1, apiKey, senderDomain: SENDER_DOMAIN, unhostedDomain: "not-hosted.example", maxBodyBytes: MAX_BODY_BYTES })]
      .map(asBatchItem(apiKey))
      .filter((item) => item !== undefined);
    const batches = Array.from({ length: BATCHES }, (_, n) => items.slice(n * BATCH_ITEMS, (n + 1) * BATCH_ITEMS)).filter((batch) => batch.length > 0);
    const failures: string[] = [];
    try {
      await forEachBounded(batches, CONCURRENCY, async (batch, index) => {
        const answer = await client.send({
          method: "POST",
          path: "/api/v1/messages/batch",
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
          // The items' own JSON text, as generated (some are nested too deep for JSON.stringify to write again).
          body: Buffer.from(`{"messages":[${batch.map((item) => item.json).join(",")}]}`),
        });
        if (answer.status !== 207) return void failures.push(`batch ${index}: ${answer.status} ${answer.body.slice(0, 200)}`);
        const results = (JSON.parse(answer.body) as { results: Array<{ ok: boolean; status?: number; error?: unknown }> }).results;
        results.forEach((result, position) => {
          const problem = result.ok ? "accepted" : checkErrorAnswer({ status: result.status ?? 0, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: result.error }) });
          if (problem) failures.push(`batch ${index} item ${position} [${batch[position].category}] ${batch[position].what}: ${problem}`);
        });
      });
    } finally {
      client.close();
    }
    console.log(`[bad-input] ${batches.length} batches of up to ${BATCH_ITEMS} malformed messages (${items.length} items)`);
    expect(items.length).toBeGreaterThan(BATCHES * 10);
    expect(failures.slice(0, 25), `${failures.length} bad answers`).toEqual([]);
    const queued = await db.pool.query<{ count: string }>("SELECT count(*) FROM messages");
    expect(Number(queued.rows[0].count)).toBe(0);
  });

  it("still accepts a valid message and reports healthy afterwards", async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ from: `after@${SENDER_DOMAIN}`, to: ["rcpt@example.com"], subject: "after the storm", text: "still here" }),
    });
    expect(response.status, await response.clone().text()).toBe(202);
    expect(await (await fetch(`${server.baseUrl}/api/health`)).json()).toEqual({ status: "ok" });
    expect(server.process.isRunning()).toBe(true);
    // No request reached the generic "internal" branch of the error mapper.
    expect(tail(server.process.logText())).not.toContain("unhandled error");
  });
});

/** Issue #12 kind 9: a client's mistake anywhere (actions, sign-in, methods, paths, cookies) is a 4xx, never a 500. */
describe("client mistakes outside the submission API", () => {
  const setupAction = () => findServerActionId("completeSetupAction", "app/(auth)/setup/page");
  const isClientError = (status: number) => status >= 400 && status < 500;

  it("refuses a cross-origin server action with a 4xx", async () => {
    const response = await fetch(`${server.baseUrl}/setup`, {
      method: "POST",
      redirect: "manual",
      headers: serverActionHeaders(setupAction(), "http://attacker.example"),
      body: JSON.stringify([{ token: "x", email: "a@example.com", password: "long enough password" }]),
    });
    expect(response.status, await response.text()).toSatisfy(isClientError);
  });

  it("refuses a server action body over 1 MB with 413 or 400", async () => {
    const response = await fetch(`${server.baseUrl}/setup`, {
      method: "POST",
      redirect: "manual",
      headers: serverActionHeaders(setupAction(), server.baseUrl),
      body: JSON.stringify([{ token: "x".repeat(1_500_000), email: "a@example.com", password: "long enough password" }]),
    });
    expect([400, 413], await response.text()).toContain(response.status);
  });

  it.each([
    ["not JSON at all", "{not json"],
    ["an empty body", ""],
    ["an object instead of an argument list", '{"token":"x"}'],
    ["a truncated reply", '[{"token":'],
  ])("refuses a malformed server action payload (%s) with a 4xx", async (_what, body) => {
    const response = await fetch(`${server.baseUrl}/setup`, { method: "POST", redirect: "manual", headers: serverActionHeaders(setupAction(), server.baseUrl), body });
    expect(response.status, await response.text()).toSatisfy(isClientError);
  });

  it.each([
    ["a declared length", false],
    ["chunked", true],
  ])("refuses an oversized multipart sign-in (%s) with a 4xx", async (_what, chunked) => {
    const boundary = "----outgate-oversized";
    const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const body = Buffer.from(field("email", "a@example.com") + field("password", "p".repeat(4 * 1024 * 1024)) + `--${boundary}--\r\n`);
    // node:http (the suite's client), which reads the early answer even while the rest of the body is refused.
    const client = makeHttpClient(server.baseUrl, 1);
    try {
      const answer = await client.send({ method: "POST", path: "/api/auth/callback/credentials", headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, body, chunked });
      expect(answer.status, answer.body).toSatisfy(isClientError);
    } finally {
      client.close();
    }
  });

  it("answers a method a route does not have with a JSON 405 and an Allow header, on every /api route", async () => {
    const failures: string[] = [];
    for (const route of discoverApp(ROOT).routes) {
      const options = await fetch(server.baseUrl + route.url, { method: "OPTIONS" }).catch((error: Error) => error);
      if (options instanceof Error) {
        failures.push(`OPTIONS ${route.url}: ${String(options.cause ?? options)}`);
        continue;
      }
      const allow = (options.headers.get("allow") ?? "").split(",").map((method) => method.trim()).filter(Boolean);
      if (allow.length === 0) failures.push(`OPTIONS ${route.url}: ${options.status} without Allow`);
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((candidate) => !allow.includes(candidate))) {
        const label = `${method} ${route.url}`;
        const response = await fetch(server.baseUrl + route.url, { method, headers: { "content-type": "application/json" }, body: method === "GET" ? undefined : "{}" }).catch((error: Error) => error);
        if (response instanceof Error) {
          failures.push(`${label}: ${String(response.cause ?? response)}`);
          continue;
        }
        const text = await response.text();
        if (response.status !== 405) failures.push(`${label}: ${response.status}`);
        else if (checkErrorAnswer({ status: 405, headers: { "content-type": response.headers.get("content-type") }, body: text })) failures.push(`${label}: not a JSON error: ${text.slice(0, 100)}`);
        else if (response.headers.get("allow") !== options.headers.get("allow")) failures.push(`${label}: Allow ${response.headers.get("allow")}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it.each([
    ["GET", "/api/nope"],
    ["GET", "/api/v1/nope/deeper"],
    ["POST", "/api/v1/nope"],
    ["DELETE", "/api/v2/messages"],
  ])("answers an unknown API path (%s %s) with a JSON 404", async (method, path) => {
    const response = await fetch(server.baseUrl + path, { method, headers: { "content-type": "application/json" }, body: method === "POST" ? "{}" : undefined });
    const text = await response.text();
    expect(response.status, text).toBe(404);
    expect(checkErrorAnswer({ status: 404, headers: { "content-type": response.headers.get("content-type") }, body: text })).toBeNull();
  });

  it("treats a garbage session cookie as signed out, warning in at most one log line", async () => {
    const logBefore = server.process.logText().length;
    const cookie = "next-auth.session-token=garbage.not-a-jwe.at-all";
    for (let n = 0; n < 5; n++) {
      const page = await fetch(`${server.baseUrl}/gateways`, { redirect: "manual", headers: { cookie } });
      expect(new URL(page.headers.get("location") ?? "", server.baseUrl).pathname).toBe("/login");
      const session = await fetch(`${server.baseUrl}/api/auth/session`, { headers: { cookie } });
      expect(session.status).toBe(200);
      expect(await session.json()).toEqual({});
      const route = await fetch(`${server.baseUrl}/api/console/spool-counts`, { headers: { cookie } });
      expect(route.status).toBe(401);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const logged = server.process.logText().slice(logBefore);
    expect(logged).not.toMatch(STACK_TRACE);
    expect(logged.split("\n").filter((line) => line.trim()).length, logged).toBeLessThanOrEqual(1);
  });
});

/**
 * A generated request whose only fault is its message (right key, JSON content type, a JSON body), as a batch item;
 * undefined for faults a batch cannot carry (headers, bytes that are not JSON, oversized bodies).
 */
function asBatchItem(key: string) {
  return (request: MalformedRequest): { json: string; category: string; what: string } | undefined => {
    const plainHeaders = Object.keys(request.headers).length === 2 && request.headers.authorization === `Bearer ${key}` && request.headers["content-type"] === "application/json";
    if (request.method !== "POST" || !plainHeaders || !request.body || request.lyingContentLength !== undefined || request.body.length > 64 * 1024) return undefined;
    try {
      const json = new TextDecoder("utf-8", { fatal: true }).decode(request.body);
      JSON.parse(json);
      return { json, category: request.category, what: request.what };
    } catch {
      return undefined;
    }
  };
}

function checkErrorAnswer(answer: { status: number; headers: Record<string, unknown>; body: string }): string | null {
  if (answer.status >= 500) return "server error";
  if (answer.status < 400) return "not refused";
  if (!String(answer.headers["content-type"] ?? "").includes("application/json")) return `content type ${String(answer.headers["content-type"])}`;
  if (STACK_TRACE.test(answer.body)) return "stack trace or internals in the body";
  let parsed: { error?: { code?: unknown; message?: unknown; fields?: unknown } };
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return "body is not JSON";
  }
  const error = parsed.error;
  if (typeof error?.code !== "string" || !error.code) return "no error code";
  if (typeof error.message !== "string" || error.message.trim().length < 10) return "no useful message";
  if (error.code === "validation_failed" && (!error.fields || Object.keys(error.fields).length === 0)) return "validation error without field details";
  return null;
}
