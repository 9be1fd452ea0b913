/**
 * Scenario 2 — gateway outage. Two round-robin gateways; one stops accepting connections mid-run. Everything
 * is delivered through the other within the same attempt, the dead one is tried only in the batch where it
 * first failed (then it is in the shared cool-down), and it carries mail again after it comes back. The sends whose
 * final "." was already written when the sink died are "outcome unknown" (RFC 5321 §6.1: the gateway may have taken
 * them): they wait for their retry instead of failing over at once, and only they may arrive twice.
 *
 * Two things can find the dead gateway first: a send (a FAILOVER attempt, and the cool-down for everyone), or the
 * periodic health probe (OUTGATE_PROBE_INTERVAL_SECONDS, default 30 s: it marks the gateway Down before any send tries
 * it, and no send ever fails there). Both are the product working; which one wins is timing, so the test accepts
 * either and bounds each.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "./support/database";
import { startFeeder } from "./support/feeder";
import { makeTempRoot, removeTempRoot, startWorker } from "./support/outgate";
import { DEFAULT_SEND_CONCURRENCY } from "@/lib/engine/queue/drain-queue";
import { stopAllProcesses, tail } from "./support/processes";
import { countByStatus, tally, unexpectedArrivals } from "./support/queue-state";
import { seedDomain, seedGateway } from "./support/seed";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink";
import { sleep, waitFor } from "./support/wait";

const OUTAGE_MS = 8_000;
/** drainQueue's default concurrency: how many sends can hit the dead gateway before it is marked. */
const CONCURRENCY = DEFAULT_SEND_CONCURRENCY;
/** GATEWAY_COOLDOWN_SECONDS in lib/engine/queue/drain-queue.ts. */
const COOLDOWN_MS = 30_000;

let root: string;
let db: TestDatabase;
let alive: SmtpSink;
let flaky: SmtpSink;
let flakyGatewayId: string;

beforeAll(async () => {
  root = makeTempRoot("outage");
  db = await startTestDatabase(root);
  alive = await startSmtpSink("alive");
  flaky = await startSmtpSink("flaky");
  await seedDomain(db.pool, "outage.example");
  await seedGateway(db.pool, { description: "always up", port: alive.port });
  flakyGatewayId = await seedGateway(db.pool, { description: "goes down", port: flaky.port });
});

afterAll(async () => {
  await stopAllProcesses();
  await Promise.all([alive?.down(), flaky?.down()]);
  await db?.close();
  removeTempRoot(root);
});

describe("one of two round-robin gateways goes down and comes back", () => {
  it("delivers everything through the other, skips the dead one during its cool-down, then uses it again", async () => {
    const worker = startWorker(root, db.url);
    const feeder = startFeeder(db.pool, { from: "sender@outage.example", to: "rcpt@example.com", tag: "outage", perTick: 10, everyMs: 100 });
    try {
      await waitFor("both gateways carrying mail", () => alive.deliveries.length >= 50 && flaky.deliveries.length >= 50, { timeoutMs: 60_000 });

      const downAt = Date.now();
      await flaky.down();
      await sleep(OUTAGE_MS);
      const upAt = Date.now();
      const aliveDuringOutage = alive.deliveries.filter((d) => d.at > downAt && d.at < upAt).length;
      await flaky.up();
      const back = await waitFor("the gateway used again after it came back", () => flaky.deliveries.find((d) => d.at > upAt), { timeoutMs: COOLDOWN_MS + 20_000 });
      await sleep(1_000);
      await feeder.stop();
      // Outcome-unknown sends wait for the retry schedule (minutes); bring their retry forward.
      const unknown = (await db.pool.query<{ message_id: string }>(`SELECT DISTINCT message_id FROM delivery_attempts WHERE outcome = 'UNKNOWN'`)).rows.length;
      await db.pool.query(`UPDATE messages SET next_attempt_at = now() WHERE status = 'QUEUED'`);
      await waitFor("every message delivered", async () => (await countByStatus(db.pool)).DELIVERED === feeder.ids.length, { timeoutMs: 60_000, intervalMs: 250 });

      const { missing, duplicates } = tally(feeder.ids, [alive, flaky]);
      const failedProbes = readFailedProbes(worker.logText(), flakyGatewayId).filter((at) => at >= downAt && at <= upAt);
      const failovers = (
        await db.pool.query<{ started_at: Date }>(
          `SELECT started_at FROM delivery_attempts WHERE gateway_id = $1 AND outcome = 'FAILOVER' ORDER BY started_at`,
          [flakyGatewayId],
        )
      ).rows.map((row) => row.started_at.getTime());
      // Messages that needed a second attempt, and whether each of them had an outcome-unknown one.
      const retried = await db.pool.query<{ id: string; unknown: boolean }>(
        `SELECT m.id, EXISTS (SELECT 1 FROM delivery_attempts a WHERE a.message_id = m.id AND a.outcome = 'UNKNOWN') AS unknown
           FROM messages m WHERE m.attempts > 1`,
      );
      console.log(
        `[outage] ${feeder.ids.length} messages; outage ${OUTAGE_MS} ms: ${aliveDuringOutage} delivered through the other gateway meanwhile; ` +
          `${failovers.length} failed tries at the dead gateway within ${failovers.length ? failovers.at(-1)! - failovers[0] : 0} ms; ` +
          `${failedProbes.length} failed probes of it during the outage; ` +
          `used again ${back.at - upAt} ms after it came back; ${unknown} outcome unknown; ${duplicates} duplicates`,
      );

      expect(missing, tail(worker.logText())).toEqual([]);
      expect(unexpectedArrivals(new Set(feeder.ids), [alive, flaky])).toEqual([]);
      expect(aliveDuringOutage).toBeGreaterThan(0);
      // Failed over within the same attempt: only outcome-unknown messages waited for a retry.
      expect(retried.rows.filter((row) => !row.unknown)).toEqual([]);
      expect(unknown).toBeLessThanOrEqual(CONCURRENCY);
      // Found dead by a send or by a probe, and not by a send after a probe had found it.
      expect(failovers.length + failedProbes.length).toBeGreaterThan(0);
      if (failovers.length > 0) {
        // Tried only in the batch where it first failed (sends already running then), never again while cooling down.
        expect(failovers.length).toBeLessThanOrEqual(CONCURRENCY);
        // (A send already running when the sink died started a little before downAt.)
        expect(failovers[0]).toBeGreaterThanOrEqual(downAt - 2_000);
        expect(failovers.at(-1)! - failovers[0]).toBeLessThan(2_000);
      }
      if (failedProbes.length > 0) expect(failovers.filter((at) => at > failedProbes[0] + 2_000)).toEqual([]);
      // Only a message whose outcome was unknown may have reached the dead sink just before it died.
      expect(duplicates).toBeLessThanOrEqual(unknown);
      expect(worker.isRunning()).toBe(true);
    } finally {
      await feeder.stop();
    }
  });
});

/** When the worker logged a failed health probe of `gatewayId` (its "gateway.probe" lines with ok false), ms. */
function readFailedProbes(logText: string, gatewayId: string): number[] {
  return logText
    .split("\n")
    .filter((line) => line.includes('"event":"gateway.probe"') && line.includes(gatewayId))
    .map((line) => JSON.parse(line) as { time: string; ok: boolean })
    .filter((entry) => !entry.ok)
    .map((entry) => Date.parse(entry.time));
}
