import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { clearSpoolCountCache } from "@/lib/engine/smartermail/spool-count-cache";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { signInAs, signOutEveryone } from "@/test/next-request";
import { createSpoolTestGateway } from "@/test/smartermail/create-smartermail-gateway";
import { insertQueuedMessage } from "@/test/smartermail/insert-queued-message";
import { startFakeSmarterMail, type FakeSmarterMail } from "@/test/smartermail/start-fake-smartermail";
import { GET } from "./route";

const request = () => new Request("http://outgate.test/api/console/spool-counts");
let fake: FakeSmarterMail | undefined;

beforeEach(async () => {
  await resetDatabase();
  clearSpoolCountCache();
  signOutEveryone();
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("GET /api/console/spool-counts", () => {
  it("refuses an anonymous caller without asking any server", async () => {
    fake = await startFakeSmarterMail();
    await createSpoolTestGateway({ smartermail: { url: fake.url, username: "admin", password: "secret" } });

    const response = await GET(request());

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
    expect(fake.authenticateCalls).toBe(0);
  });

  it("refuses a session whose admin was removed", async () => {
    const admin = await createTestAdmin();
    await signInAs(admin);
    await getDb().admin.delete({ where: { id: admin.id } });

    expect((await GET(request())).status).toBe(401);
  });

  it("answers a signed-in admin with one entry per gateway and no credential", async () => {
    fake = await startFakeSmarterMail();
    await signInAs(await createTestAdmin());
    const id = await createSpoolTestGateway({ smartermail: { url: fake.url, username: "admin", password: "secret" } });
    const plain = await createSpoolTestGateway();

    const response = await GET(request());

    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    expect(text).not.toContain("secret");
    expect(JSON.parse(text).gateways).toEqual(
      expect.arrayContaining([
        { gatewayId: id, source: "smartermail", ok: true, default: 6, waiting: 31, readAt: expect.any(String) },
        { gatewayId: plain, source: "outgate", queued: 0, held: 0, readAt: expect.any(String) },
      ]),
    );
  });

  it("counts Outgate's own queue afresh on every call while a SmarterMail reading keeps its cache age", async () => {
    // The grid asks at the overview's cadence (5 s): local counts must move with the queue, remote ones must not cost a call each time.
    fake = await startFakeSmarterMail();
    await signInAs(await createTestAdmin());
    const remote = await createSpoolTestGateway({ smartermail: { url: fake.url, username: "admin", password: "secret" } });
    const plain = await createSpoolTestGateway();
    const countsOf = async () => new Map<string, Record<string, unknown>>(((await (await GET(request())).json()).gateways as { gatewayId: string }[]).map((row) => [row.gatewayId, row]));

    const first = await countsOf();
    expect(first.get(plain)).toMatchObject({ source: "outgate", queued: 0 });
    const spoolCallsAfterFirst = fake.spoolCalls;
    expect(spoolCallsAfterFirst).toBe(1);

    await insertQueuedMessage({ attempts: 1, lastGatewayId: plain, nextAttemptAt: new Date(Date.now() + 60_000) });
    const second = await countsOf();

    expect(second.get(plain)).toMatchObject({ source: "outgate", queued: 1 });
    expect(second.get(remote)).toMatchObject({ source: "smartermail", ok: true, readAt: first.get(remote)!.readAt });
    expect(fake.spoolCalls).toBe(spoolCallsAfterFirst);
  });
});
