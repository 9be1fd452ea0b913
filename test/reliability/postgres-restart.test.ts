/**
 * Scenario 3 — PostgreSQL restarts while a worker drains a backlog and clients keep submitting. While the
 * database is down the API answers 503 with a JSON error (never a stack trace); afterwards the server and the
 * worker recover by themselves (same processes), and every message the API accepted is delivered.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_BATCH_SIZE } from "@/lib/engine/queue/drain-queue";
import { startTestDatabase, type TestDatabase } from "./support/database";
import { makeTempRoot, removeTempRoot, startServer, startWorker, type OutgateServer } from "./support/outgate";
import { stopAllProcesses, tail, type TrackedProcess } from "./support/processes";
import { countByStatus, expireLeases, tally } from "./support/queue-state";
import { insertQueuedMessages, rawMessage, seedApiKey, seedDomain, seedGateway, uniqueMessageId } from "./support/seed";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink";
import { sleep, waitFor } from "./support/wait";

const BACKLOG = 1_500;
/** What a worker claims at a time: its batch split over two pipelined claims. */
const CLAIM_SIZE = DEFAULT_BATCH_SIZE / 2;
const SUBMITTERS = 4;
const DOWNTIME_MS = 2_500;
const DOMAIN = "restart.example";
const STACK_TRACE = /\n\s+at\s|node_modules|\.tsx?:\d+|<html/i;

type Answer = { messageId: string; status: number; body: string; contentType: string; sentAt: number; answeredAt: number };

let root: string;
let db: TestDatabase;
let sink: SmtpSink;
let server: OutgateServer;
let worker: TrackedProcess;
let apiKey: string;

beforeAll(async () => {
  root = makeTempRoot("pg-restart");
  db = await startTestDatabase(root);
  sink = await startSmtpSink("restart");
  await seedDomain(db.pool, DOMAIN);
  await seedGateway(db.pool, { description: "restart sink", port: sink.port });
  apiKey = (await seedApiKey(db.pool)).key;
  server = await startServer(root, db.url, { OUTGATE_LOG_LEVEL: "warn" });
});

afterAll(async () => {
  await stopAllProcesses();
  await sink?.down();
  await db?.close();
  removeTempRoot(root);
});

/** Submits raw messages with our own Message-IDs in `lanes` parallel loops until stopped. */
function startSubmitting(baseUrl: string, lanes: number) {
  const answers: Answer[] = [];
  let stopped = false;
  const submitOne = async () => {
    const messageId = uniqueMessageId(DOMAIN, "api");
    const raw = rawMessage({ from: `sender@${DOMAIN}`, to: "rcpt@example.com", messageId, subject: "restart" });
    const sentAt = Date.now();
    let status = 0;
    let body = "";
    let contentType = "";
    try {
      const response = await fetch(`${baseUrl}/api/v1/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ raw: raw.toString("base64"), envelope: { from: `sender@${DOMAIN}`, to: ["rcpt@example.com"] } }),
        signal: AbortSignal.timeout(15_000),
      });
      status = response.status;
      contentType = response.headers.get("content-type") ?? "";
      body = await response.text();
    } catch (error) {
      body = String(error);
    }
    answers.push({ messageId, status, body, contentType, sentAt, answeredAt: Date.now() });
    // Clients back off a little on 503, as the answer asks them to.
    if (status !== 202) await sleep(50);
  };
  const running = Promise.all(
    Array.from({ length: lanes }, async () => {
      while (!stopped) await submitOne();
    }),
  );
  return {
    answers,
    async stop() {
      stopped = true;
      await running;
    },
  };
}

describe("PostgreSQL restarts mid-drain and mid-submit", () => {
  it("answers 503 JSON while it is down, recovers without restarts, and loses nothing accepted", async () => {
    worker = startWorker(root, db.url);
    const backlog = await insertQueuedMessages(db.pool, { count: BACKLOG, from: `sender@${DOMAIN}`, to: "rcpt@example.com", tag: "backlog" });
    const submitting = startSubmitting(server.baseUrl, SUBMITTERS);
    let healthWhileDown: { status: number; body: string } | null = null;
    let downAt = 0;
    let upAt = 0;
    try {
      // Stop it in the middle of a claim's sends, so a batch's outcome cannot be recorded.
      const midBatch = () => sink.deliveries.length % CLAIM_SIZE >= 20 && sink.deliveries.length % CLAIM_SIZE <= 60;
      await waitFor(
        "a drain in the middle of a batch and submissions in progress",
        () => sink.deliveries.length >= 200 && midBatch() && submitting.answers.filter((a) => a.status === 202).length >= 20,
        { timeoutMs: 60_000, intervalMs: 5 },
      );
      expect(sink.deliveries.length).toBeLessThan(BACKLOG);

      downAt = Date.now();
      await db.stop();
      await sleep(DOWNTIME_MS / 2);
      const health = await fetch(`${server.baseUrl}/api/health`);
      healthWhileDown = { status: health.status, body: await health.text() };
      await sleep(DOWNTIME_MS / 2);
      await db.start();
      upAt = Date.now();

      await waitFor("20 submissions accepted after the restart", () => submitting.answers.filter((a) => a.status === 202 && a.sentAt > upAt).length >= 20, { timeoutMs: 60_000 });
    } finally {
      await submitting.stop();
    }

    const accepted = submitting.answers.filter((a) => a.status === 202).map((a) => a.messageId);
    const refused = submitting.answers.filter((a) => a.status !== 202);
    const expected = [...backlog, ...accepted];
    const released: string[] = [];
    // A batch whose outcome could not be recorded while the database was down stays leased (DEFAULT_LEASE_SECONDS); once the
    // worker has nothing else to do, let those leases run out now instead of waiting for them.
    let lastCount = -1;
    let stalledSince = Date.now();
    await waitFor(
      "every accepted message at the sink and recorded as delivered",
      async () => {
        const statuses = await countByStatus(db.pool);
        if (tally(expected, [sink]).missing.length === 0 && statuses.DELIVERED === expected.length) return true;
        if (sink.deliveries.length !== lastCount) {
          lastCount = sink.deliveries.length;
          stalledSince = Date.now();
        } else if (Date.now() - stalledSince > 3_000) {
          const due = await db.pool.query<{ count: string }>(`SELECT count(*) FROM messages WHERE status = 'QUEUED' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until <= now())`);
          if (Number(due.rows[0].count) === 0) released.push(...(await expireLeases(db.pool)));
          stalledSince = Date.now();
        }
        return false;
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );

    const { missing, duplicates, duplicated } = tally(expected, [sink]);
    const ambiguous = refused.filter((a) => sink.counts.has(a.messageId)).length;
    const firstAcceptedAfter = submitting.answers.filter((a) => a.status === 202 && a.sentAt > upAt).sort((a, b) => a.answeredAt - b.answeredAt)[0];
    const statuses = new Map<number, number>();
    for (const answer of submitting.answers) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    console.log(
      `[pg-restart] down ${upAt - downAt} ms; answers ${[...statuses].map(([s, n]) => `${s}×${n}`).join(" ")}; ` +
        `first 202 ${firstAcceptedAfter.answeredAt - upAt} ms after the restart; ${accepted.length} accepted + ${BACKLOG} backlog all delivered; ` +
        `${released.length} leases released early; ${duplicates} duplicates; ${ambiguous} refused submissions delivered anyway`,
    );

    expect(healthWhileDown?.status).toBe(503);
    expect(JSON.parse(healthWhileDown!.body)).toMatchObject({ error: { code: "unavailable" } });
    const badRefusals = refused.filter(
      (a) => a.status !== 503 || !a.contentType.includes("application/json") || STACK_TRACE.test(a.body) || !/"code":"unavailable"/.test(a.body),
    );
    expect(badRefusals.slice(0, 5).map((a) => `${a.status} ${a.body.slice(0, 300)}`)).toEqual([]);
    expect(refused.length).toBeGreaterThan(0);
    expect(missing, tail(worker.logText())).toEqual([]);
    expect(duplicated.filter((id) => !released.includes(id))).toEqual([]);
    // Recovered by themselves: the very same processes are still serving.
    expect(server.process.isRunning(), tail(server.process.logText())).toBe(true);
    expect(worker.isRunning(), tail(worker.logText())).toBe(true);
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
  });
});
