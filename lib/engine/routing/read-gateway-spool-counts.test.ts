import net from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { findFreePort } from "@/lib/platform/free-port";
import { clearSpoolCountCache, peekSpoolCounts } from "@/lib/engine/smartermail/spool-count-cache";
import { clearSmarterMailTokenCache } from "@/lib/engine/smartermail/token-cache";
import { resetDatabase } from "@/test/db";
import { createSpoolTestGateway } from "@/test/smartermail/create-smartermail-gateway";
import { insertQueuedMessage } from "@/test/smartermail/insert-queued-message";
import { startFakeSmarterMail, type FakeSmarterMail } from "@/test/smartermail/start-fake-smartermail";
import { readGatewaySpoolCounts, type GatewaySpoolCount } from "./read-gateway-spool-counts";

const CREDENTIALS = { username: "admin", password: "secret" };
const fakes: FakeSmarterMail[] = [];
const sockets: net.Server[] = [];

async function fake(options: Parameters<typeof startFakeSmarterMail>[0] = {}) {
  const started = await startFakeSmarterMail(options);
  fakes.push(started);
  return started;
}

/** A port that accepts connections and never says a word (a firewall half-open, a wedged IIS). */
async function silentPort(): Promise<string> {
  const server = net.createServer(() => {});
  sockets.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

function byId(rows: GatewaySpoolCount[]) {
  return new Map(rows.map((row) => [row.gatewayId, row]));
}

beforeEach(async () => {
  await resetDatabase();
  clearSpoolCountCache();
  clearSmarterMailTokenCache();
});
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((started) => started.close()));
  for (const server of sockets.splice(0)) {
    server.close();
  }
});

describe("readGatewaySpoolCounts", () => {
  it("reads SmarterMail's counts for SmarterMail gateways and Outgate's queue for the others", async () => {
    const server = await fake({ counts: { default: 6, waiting: 31 } });
    const smartermail = await createSpoolTestGateway({ smartermail: { url: server.url, ...CREDENTIALS } });
    const plain = await createSpoolTestGateway();

    const rows = byId(await readGatewaySpoolCounts());

    expect(rows.get(smartermail)).toMatchObject({ source: "smartermail", ok: true, default: 6, waiting: 31, readAt: expect.any(String) });
    expect(rows.get(plain)).toMatchObject({ source: "outgate", queued: 0 });
  });

  it("gives a dead server's row its own error quickly while the other rows are read", async () => {
    const healthy = await fake();
    const ok = await createSpoolTestGateway({ smartermail: { url: healthy.url, ...CREDENTIALS } });
    const silent = await createSpoolTestGateway({ smartermail: { url: await silentPort(), ...CREDENTIALS } });
    const closed = await createSpoolTestGateway({ smartermail: { url: `http://127.0.0.1:${await findFreePort()}`, ...CREDENTIALS } });
    const wrongPassword = await createSpoolTestGateway({ smartermail: { url: healthy.url, username: "admin", password: "wrong" } });
    const plain = await createSpoolTestGateway();

    const started = performance.now();
    const rows = byId(await readGatewaySpoolCounts({ timeoutMs: 500 }));
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(2000);
    expect(rows.get(ok)).toMatchObject({ ok: true, default: 6 });
    expect(rows.get(silent)).toMatchObject({ ok: false, error: { message: "timeout", details: expect.stringContaining("no answer") } });
    expect(rows.get(closed)).toMatchObject({ ok: false, error: { message: "unreachable", details: expect.stringContaining("connection refused") } });
    expect(rows.get(wrongPassword)).toMatchObject({ ok: false, error: { message: "auth failed", details: expect.stringContaining("credentials refused") } });
    expect(rows.get(plain)).toMatchObject({ source: "outgate" });
  });

  it("reuses readings and failures within the interval, and re-reads an edited gateway", async () => {
    const server = await fake();
    const id = await createSpoolTestGateway({ smartermail: { url: server.url, ...CREDENTIALS } });
    const silent = await createSpoolTestGateway({ smartermail: { url: await silentPort(), ...CREDENTIALS } });
    const first = byId(await readGatewaySpoolCounts({ timeoutMs: 300 }));

    const started = performance.now();
    const second = byId(await readGatewaySpoolCounts({ timeoutMs: 300 }));
    expect(performance.now() - started).toBeLessThan(250);
    expect(second.get(id)).toEqual(first.get(id));
    expect(second.get(silent)).toEqual(first.get(silent));
    expect(server.spoolCalls).toBe(1);

    server.settings.counts = { default: 1, waiting: 2 };
    await getDb().gateway.update({ where: { id }, data: { description: "edited" } });
    expect(byId(await readGatewaySpoolCounts()).get(id)).toMatchObject({ default: 1, waiting: 2 });
    expect(server.spoolCalls).toBe(2);
  });

  it("shares fresh readings with routing through the cache", async () => {
    const server = await fake({ counts: { default: 4, waiting: 0 } });
    const id = await createSpoolTestGateway({ smartermail: { url: server.url, ...CREDENTIALS } });
    expect(peekSpoolCounts([id]).size).toBe(0);

    await readGatewaySpoolCounts();

    expect(peekSpoolCounts([id]).get(id)).toMatchObject({ count: 4 });
  });

  it("reports a password sealed under another key as unreadable, not as a failed login", async () => {
    const server = await fake();
    const id = await createSpoolTestGateway({ smartermail: { url: server.url, ...CREDENTIALS } });
    await getDb().gateway.update({ where: { id }, data: { smartermailPasswordEnc: "v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" } });

    expect(byId(await readGatewaySpoolCounts()).get(id)).toMatchObject({ ok: false, error: { message: "stored password unreadable" } });
    expect(server.authenticateCalls).toBe(0);
  });

  it("counts a queued message for its last gateway, else for its domain's assigned gateway", async () => {
    const specific = await createSpoolTestGateway({ type: "SPECIFIC_DOMAINS" });
    const other = await createSpoolTestGateway();
    await getDb().domain.create({ data: { name: "pinned.example", gatewayId: specific } });
    await insertQueuedMessage({ senderDomain: "pinned.example" }); // not tried: its assigned gateway
    await insertQueuedMessage({ senderDomain: "pinned.example", attempts: 1 }); // still not tried anywhere recorded
    await insertQueuedMessage({ senderDomain: "pinned.example", lastGatewayId: other, attempts: 1 }); // failed over: the last gateway
    await insertQueuedMessage({ senderDomain: "rr.example", lastGatewayId: other, attempts: 1 });
    await insertQueuedMessage({ senderDomain: "rr.example" }); // round robin, not tried: nowhere yet
    await insertQueuedMessage({ senderDomain: "pinned.example", status: "DELIVERED" });

    const rows = byId(await readGatewaySpoolCounts());

    expect(rows.get(specific)).toMatchObject({ source: "outgate", queued: 2 });
    expect(rows.get(other)).toMatchObject({ source: "outgate", queued: 2 });
  });
});
