/**
 * Scenario 1 — crash. A worker (`npm run worker`) is killed with SIGKILL in the middle of draining 5,000
 * messages; a new worker finishes the job. Every message must arrive at the SMTP sink, and only messages of
 * the batch in flight at the kill may arrive twice (counted and printed).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "./support/database";
import { makeTempRoot, removeTempRoot, startWorker } from "./support/outgate";
import { stopAllProcesses, tail, type TrackedProcess } from "./support/processes";
import { countByStatus, expireLeases, tally, unexpectedArrivals } from "./support/queue-state";
import { insertQueuedMessages, seedDomain, seedGateway } from "./support/seed";
import { DEFAULT_BATCH_SIZE } from "@/lib/engine/queue/drain-queue";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink";
import { waitFor } from "./support/wait";

const TOTAL = 5_000;
const KILL_AFTER = 1_050;
/** drainQueue's default batch: what a worker holds leased at once (over its pipelined claims). */
const BATCH_SIZE = DEFAULT_BATCH_SIZE;

let root: string;
let db: TestDatabase;
let sink: SmtpSink;

beforeAll(async () => {
  root = makeTempRoot("crash");
  db = await startTestDatabase(root);
  sink = await startSmtpSink("crash");
  await seedDomain(db.pool, "crash.example");
  await seedGateway(db.pool, { description: "crash sink", port: sink.port });
});

afterAll(async () => {
  await stopAllProcesses();
  await sink?.down();
  await db?.close();
  removeTempRoot(root);
});

describe("worker killed with SIGKILL mid-drain", () => {
  it(`delivers all ${TOTAL} messages, duplicating only the batch in flight`, async () => {
    const ids = await insertQueuedMessages(db.pool, { count: TOTAL, from: "sender@crash.example", to: "rcpt@example.com", tag: "crash" });
    const startedAt = Date.now();
    const first: TrackedProcess = startWorker(root, db.url);
    await waitFor(`${KILL_AFTER} deliveries before the kill`, () => sink.deliveries.length >= KILL_AFTER || !first.isRunning(), { timeoutMs: 90_000, intervalMs: 5 });
    expect(first.isRunning(), tail(first.logText())).toBe(true);
    first.kill("SIGKILL");
    const killedAt = Date.now();
    await first.exited;
    const atKill = sink.deliveries.length;

    // What the dead worker held: claimed (leased) but never recorded.
    const inFlight = await expireLeases(db.pool);
    const second = startWorker(root, db.url);
    await waitFor("every message delivered and recorded", async () => (await countByStatus(db.pool)).DELIVERED === TOTAL, { timeoutMs: 120_000, intervalMs: 250 });
    const seconds = (Date.now() - startedAt) / 1000;

    const { missing, duplicates, duplicated } = tally(ids, [sink]);
    const inFlightSet = new Set(inFlight);
    console.log(
      `[crash] killed after ${atKill} deliveries (${killedAt - startedAt} ms); ${inFlight.length} messages were in flight; ` +
        `${duplicates} duplicates; all ${TOTAL} delivered in ${seconds.toFixed(1)} s`,
    );
    expect(missing, tail(second.logText())).toEqual([]);
    expect(unexpectedArrivals(new Set(ids), [sink])).toEqual([]);
    expect(inFlight.length).toBeLessThanOrEqual(BATCH_SIZE);
    expect(duplicated.filter((id) => !inFlightSet.has(id))).toEqual([]);
    expect(duplicates).toBeLessThanOrEqual(inFlight.length);
    expect(second.isRunning()).toBe(true);
  });
});
