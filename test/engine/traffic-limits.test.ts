import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import type { DrainOptions } from "@/lib/engine/queue/drain-queue";
import { waitForWindowRoom } from "@/test/clock-windows";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import type { TestSmtpServer } from "@/test/smtp/start-test-smtp-server";
import { createTestGateway, orderedId } from "./create-test-gateway";
import { setUpEngineTests } from "./engine-test-kit";

const kit = setUpEngineTests();

/** The same limit code as production, with a "minute" of WINDOW_SECONDS so the suite runs in seconds. */
const WINDOW_SECONDS = 3;
const SHORT_WINDOWS: DrainOptions["rateWindowSeconds"] = { minute: WINDOW_SECONDS, hour: 3_600, day: 86_400 };
/** Starts at a window's beginning: a boundary during the first drain would give it a second, empty window. */
const startWindow = () => waitForWindowRoom(WINDOW_SECONDS * 1000, WINDOW_SECONDS * 1000);

/** When each message arrived at `server` (ms since the epoch). */
function stampArrivals(server: TestSmtpServer): number[] {
  const arrivals: number[] = [];
  server.setBehaviour({ rejectMessage: () => (arrivals.push(Date.now()), null) });
  return arrivals;
}

/** Two workers drain, again and again, until `total` messages left the queue or `maxMs` passed. */
async function drainWithTwoWorkers(total: number, maxMs: number, options: DrainOptions = {}) {
  const startedAt = Date.now();
  for (;;) {
    await Promise.all([kit.drain({ maxMs: 5_000, ...options }), kit.drain({ maxMs: 5_000, ...options })]);
    const done = await getDb().message.count({ where: { status: { not: "QUEUED" } } });
    if (done >= total || Date.now() - startedAt > maxMs) return done;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("traffic shaping", () => {
  it("splits 1,000 messages 3:1 over gateways of weight 3 and 1 with two workers", async () => {
    const [heavy, light] = await Promise.all([kit.startServer(), kit.startServer()]);
    const a = await createTestGateway({ id: orderedId(1), port: heavy.port });
    const b = await createTestGateway({ id: orderedId(2), port: light.port });
    await getDb().gateway.update({ where: { id: a.id }, data: { weight: 3 } });
    await insertTestMessages(1000);

    await drainWithTwoWorkers(1000, 60_000);

    expect(heavy.messages.length + light.messages.length).toBe(1000);
    expect(Math.abs(heavy.messages.length - 750)).toBeLessThanOrEqual(10);
    expect(Math.abs(light.messages.length - 250)).toBeLessThanOrEqual(10);
    expect(b.id).toBe(orderedId(2));
  }, 90_000);

  it("holds a gateway to its per-minute limit while two workers drain 1,000 messages, the rest overflowing", async () => {
    const [limited, other] = await Promise.all([kit.startServer(), kit.startServer()]);
    const a = await createTestGateway({ id: orderedId(1), port: limited.port });
    const b = await createTestGateway({ id: orderedId(2), port: other.port });
    await getDb().gateway.update({ where: { id: a.id }, data: { perMinuteLimit: 60 } });
    // The other gateway has a limit too, so the 1,000 messages take three windows (360 per window).
    await getDb().gateway.update({ where: { id: b.id }, data: { perMinuteLimit: 300 } });
    const arrivals = stampArrivals(limited);
    await insertTestMessages(1000);

    // Every window but the last is filled: the first one too, from its beginning.
    await startWindow();
    const done = await drainWithTwoWorkers(1000, 40_000, { rateWindowSeconds: SHORT_WINDOWS });

    expect(done).toBe(1000);
    expect(limited.messages.length + other.messages.length).toBe(1000);
    // The shared count, window by window: the limit filled (60, less 2 for sends given back) in every window while
    // mail was waiting, never passed, and every message the gateway got counted.
    const windows = await getDb().rateWindow.findMany({ where: { subject: `gateway:${a.id}` }, orderBy: { windowStart: "asc" } });
    expect(windows.length).toBeGreaterThanOrEqual(3);
    for (const window of windows.slice(0, -1)) expect(window.used).toBeGreaterThanOrEqual(58);
    expect(windows.every((window) => window.used <= 60)).toBe(true);
    expect(windows.reduce((sum, window) => sum + window.used, 0)).toBe(limited.messages.length);
    // As the gateway saw them arrive. Counted by arrival, a window's last sends may land in the next one on a loaded
    // machine (3 s windows here, against minutes in production): no window gets more than its own and those.
    const perWindow = new Map<number, number>();
    for (const at of arrivals) perWindow.set(Math.floor(at / (WINDOW_SECONDS * 1000)), (perWindow.get(Math.floor(at / (WINDOW_SECONDS * 1000))) ?? 0) + 1);
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(120);
    // Held mail was never counted as an attempt.
    const attempts = await getDb().deliveryAttempt.count();
    expect(attempts).toBe(1000);
  }, 90_000);

  it("holds a Specific Domains gateway's mail at its limit, then releases it when the window has room", async () => {
    const [specificServer, roundRobinServer] = await Promise.all([kit.startServer(), kit.startServer()]);
    const specific = await createTestGateway({ port: specificServer.port, type: "SPECIFIC_DOMAINS" });
    await createTestGateway({ port: roundRobinServer.port });
    await getDb().gateway.update({ where: { id: specific.id }, data: { perMinuteLimit: 5 } });
    await getDb().domain.create({ data: { name: "pinned.example", gatewayId: specific.id, failoverToRoundRobin: false } });
    await insertTestMessages(8, { from: "news@pinned.example" });

    await startWindow();
    expect(await kit.drain({ rateWindowSeconds: SHORT_WINDOWS })).toMatchObject({ claimed: 8, delivered: 5, deferred: 0 });
    expect(specificServer.messages).toHaveLength(5);
    expect(roundRobinServer.messages).toHaveLength(0);
    const held = await getDb().message.findMany({ where: { status: "QUEUED" } });
    expect(held).toHaveLength(3);
    // Not an attempt, not a HELD status: simply due again when the window ends.
    expect(held.every((message) => message.attempts === 0 && message.leaseToken === null)).toBe(true);
    const [window] = await getDb().rateWindow.findMany({ where: { subject: `gateway:${specific.id}` } });
    expect(window.used).toBe(5);
    const windowEnd = window.windowStart.getTime() + WINDOW_SECONDS * 1000;
    expect(held.map((message) => message.nextAttemptAt.getTime() - windowEnd)).toEqual([0, 0, 0]);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, held[0].nextAttemptAt.getTime() - Date.now()) + 50));
    expect(await kit.drain({ rateWindowSeconds: SHORT_WINDOWS })).toMatchObject({ claimed: 3, delivered: 3 });
    expect(specificServer.messages).toHaveLength(8);
    expect(roundRobinServer.messages).toHaveLength(0);
  });

  it("overflows a full Specific Domains gateway's mail to round robin when its domain fails over", async () => {
    const [specificServer, roundRobinServer] = await Promise.all([kit.startServer(), kit.startServer()]);
    const specific = await createTestGateway({ port: specificServer.port, type: "SPECIFIC_DOMAINS" });
    await createTestGateway({ port: roundRobinServer.port });
    await getDb().gateway.update({ where: { id: specific.id }, data: { perMinuteLimit: 5 } });
    await getDb().domain.create({ data: { name: "pinned.example", gatewayId: specific.id, failoverToRoundRobin: true } });
    await insertTestMessages(8, { from: "news@pinned.example" });

    await startWindow();
    expect(await kit.drain({ rateWindowSeconds: SHORT_WINDOWS })).toMatchObject({ claimed: 8, delivered: 8 });
    expect([specificServer.messages.length, roundRobinServer.messages.length]).toEqual([5, 3]);
  });

  it("holds mail over its domain's Delay limit without counting an attempt", async () => {
    const server = await kit.startServer();
    await createTestGateway({ port: server.port });
    await getDb().domain.create({ data: { name: "capped.example", perHourLimit: 4, limitAction: "DELAY" } });
    await insertTestMessages(6, { from: "a@capped.example" });

    await waitForWindowRoom(3_600_000, 60_000); // the limit is per clock hour
    expect(await kit.drain()).toMatchObject({ claimed: 6, delivered: 4 });
    const held = await getDb().message.findMany({ where: { status: "QUEUED" } });
    expect(held).toHaveLength(2);
    expect(held.every((message) => message.attempts === 0 && message.nextAttemptAt.getTime() > Date.now())).toBe(true);
  });
});
