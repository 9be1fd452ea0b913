/**
 * The sign-in throttle's per-IP limit against the production web server (scripts/web-server.ts): the client IP is the
 * socket's peer, which a client cannot choose with X-Forwarded-For or with the peer header the server writes; only a
 * peer listed in OUTGATE_TRUSTED_PROXIES is believed about the client behind it. Uses the SmarterMail-compatible
 * login (JSON, no CSRF token), which goes through the same throttled check as the console's sign-in form.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "./support/database";
import { makeTempRoot, removeTempRoot, startServer, type OutgateServer } from "./support/outgate";
import { stopAllProcesses } from "./support/processes";

/** OUTGATE_LOGIN_MAX_FAILURES (5) × 4 per IP. */
const IP_CEILING = 20;

let root: string;
let db: TestDatabase;
let direct: OutgateServer;
let proxied: OutgateServer;

beforeAll(async () => {
  root = makeTempRoot("client-ip");
  db = await startTestDatabase(root);
  [direct, proxied] = await Promise.all([startServer(root, db.url), startServer(root, db.url, { OUTGATE_TRUSTED_PROXIES: "127.0.0.1" })]);
});

afterAll(async () => {
  await stopAllProcesses();
  await db?.close();
  removeTempRoot(root);
});

/**
 * One failed login for a made-up account (so only the IP limit can lock), with the given extra headers; SmarterMail's
 * answer carries the outcome in resultCode (401 wrong credentials, 429 locked) with HTTP 200.
 */
async function fail(server: OutgateServer, index: number, headers: Record<string, string>): Promise<number> {
  const answer = await fetch(`${server.baseUrl}/api/v1/auth/authenticate-user`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ username: `nobody${index}.${Date.now()}@example.test`, password: "guess" }),
  });
  return ((await answer.json()) as { resultCode: number }).resultCode;
}

describe("the client IP behind the production web server", () => {
  it("is the peer: X-Forwarded-For and a forged peer header from a direct client change nothing", async () => {
    const statuses: number[] = [];
    for (let index = 0; index < IP_CEILING; index++) {
      statuses.push(await fail(direct, index, { "x-forwarded-for": `192.0.2.${index}`, "x-outgate-peer-address": `198.51.100.${index}` }));
    }
    expect(statuses).toEqual(Array(IP_CEILING).fill(401));
    // 127.0.0.1 has reached its ceiling, whatever the next request claims to be.
    expect(await fail(direct, 99, { "x-forwarded-for": "203.0.113.1", "x-outgate-peer-address": "203.0.113.2" })).toBe(429);
  });

  it("is the proxy's client when the peer is a trusted proxy", async () => {
    // The same peer (127.0.0.1, locked above) speaks as a trusted proxy here: each client behind it has its own count.
    expect(await fail(proxied, 0, { "x-forwarded-for": "203.0.113.50" })).toBe(401);
    const statuses: number[] = [];
    for (let index = 0; index < IP_CEILING; index++) statuses.push(await fail(proxied, index, { "x-forwarded-for": "spoofed, 203.0.113.60" }));
    expect(statuses).toEqual(Array(IP_CEILING).fill(401));
    expect(await fail(proxied, 99, { "x-forwarded-for": "203.0.113.60" })).toBe(429);
    expect(await fail(proxied, 100, { "x-forwarded-for": "203.0.113.61" })).toBe(401);
  });
});
