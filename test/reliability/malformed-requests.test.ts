/**
 * Scenario 4 — bad input. 10,000 generated malformed requests (seeded, so replayable) against the production
 * server over keep-alive connections, 16 at a time: every answer is a 4xx JSON error with a useful message,
 * nothing malformed is queued, and the server stays healthy.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "./support/database";
import { forEachBounded, makeHttpClient } from "./support/http-client";
import { generateMalformedRequests, type MalformedRequest } from "./support/malformed-requests";
import { makeTempRoot, removeTempRoot, startServer, type OutgateServer } from "./support/outgate";
import { stopAllProcesses, tail } from "./support/processes";
import { seedApiKey, seedDomain } from "./support/seed";

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
    try {
      const requests = generateMalformedRequests(COUNT, { seed: SEED, apiKey, senderDomain: SENDER_DOMAIN, unhostedDomain: "not-hosted.example", maxBodyBytes: MAX_BODY_BYTES });
      await forEachBounded(requests, CONCURRENCY, async (request, index) => {
        sent += 1;
        const label = `#${index} [${request.category}] ${request.what}`;
        let answer;
        try {
          answer = await client.send({ ...request, chunked: request.category === "oversized body" && index % 2 === 0 });
        } catch (error) {
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
    console.log(`[bad-input] ${sent} requests in ${seconds.toFixed(1)} s (${Math.round(sent / seconds)}/s), seed ${SEED}`);
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
