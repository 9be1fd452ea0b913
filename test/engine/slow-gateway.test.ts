/**
 * Issue 11, kind 10: one slow gateway never holds mail bound for the others. A gateway that answers the final "."
 * only after a long pause (RFC 5321 §4.5.3.2.6 allows it 10 minutes) must not delay mail to a healthy gateway:
 * not mail claimed with it, not a retry coming due meanwhile, not mail queued after its sends began — with one
 * drain loop and with two. Its own mail still arrives, once each.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { startDrainLoop, type DrainLoop } from "@/lib/engine/queue/drain-loop";
import type { DrainOptions } from "@/lib/engine/queue/drain-queue";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { createTestGateway } from "./create-test-gateway";
import { setUpEngineTests } from "./engine-test-kit";

const kit = setUpEngineTests();

/** Long against the promptness asked of the healthy gateway, well under any idle-socket limit of the client. */
const SLOW_REPLY_MS = 10_000;
/** "Within about a second", with room for a loaded 2-core machine; still far below SLOW_REPLY_MS. */
const PROMPT_MS = 3_000;
/**
 * Two sessions per gateway and two sends per session (so four in flight to it; the default ratio is larger, scaled
 * down here so the slow mail takes three rounds, not ten) and five sends per worker: without a per-gateway limit the
 * slow gateway's six messages would take every send place of a worker.
 */
const SLOW_MESSAGES = 6;
const DRAIN: Omit<DrainOptions, "workerId"> = {
  concurrency: 5,
  sendsPerGatewaySession: 2,
  transport: {
    ehloName: "outgate.test",
    maxConnections: 2,
    timeouts: { connectionMs: 1500, greetingMs: 1500, socketMs: 4 * SLOW_REPLY_MS },
  },
};

type SlowServer = { port: number; arrived: string[]; accepted: string[]; close(): Promise<void> };

/** A gateway that reads each message at once but answers its final "." only after SLOW_REPLY_MS. */
async function startSlowServer(): Promise<SlowServer> {
  const arrived: string[] = [];
  const accepted: string[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const server = new SMTPServer({
    name: "slow.localhost",
    logger: false,
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    disableReverseLookup: true,
    closeTimeout: 100,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const id = /^Message-ID:\s*<([^>]+)>/im.exec(Buffer.concat(chunks).toString("latin1"))?.[1] ?? "?";
        arrived.push(id);
        const timer = setTimeout(() => {
          timers.delete(timer);
          accepted.push(id);
          callback();
        }, SLOW_REPLY_MS);
        timers.add(timer);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    arrived,
    accepted,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function allDelivered(ids: string[]): Promise<boolean> {
  const delivered = await getDb().message.count({ where: { id: { in: ids }, status: "DELIVERED" } });
  return delivered === ids.length;
}

type Scenario = {
  loops: number;
  /** The slow gateway's mail waiting at the start. */
  slowMessages?: number;
  /** Overrides of DRAIN. */
  drain?: Partial<DrainOptions>;
};

async function runScenario({ loops, slowMessages = SLOW_MESSAGES, drain }: Scenario) {
  const slow = await startSlowServer();
  try {
    const healthy = await kit.startServer();
    const slowGateway = await createTestGateway({ port: slow.port, type: "SPECIFIC_DOMAINS", description: "slow" });
    await createTestGateway({ port: healthy.port, description: "healthy" });
    await getDb().domain.create({ data: { name: "slow.example", gatewayId: slowGateway.id, failoverToRoundRobin: false } });

    // The slow gateway's mail is due first, so it is claimed first and shares claims with the healthy mail.
    const slowMail = await insertTestMessages(slowMessages, { from: "news@slow.example" });
    const healthyMail = await insertTestMessages(4, { from: "app@fast.example" });
    // A retry to the healthy gateway that comes due while the slow sends are out.
    const retryDueAt = new Date(Date.now() + 3_000);
    const retry = await insertTestMessages(1, { from: "app@fast.example", nextAttemptAt: retryDueAt });

    const startedAt = Date.now();
    const running: DrainLoop[] = Array.from({ length: loops }, (_, index) =>
      startDrainLoop({ workerId: `slow-test-${index}`, pollIntervalMs: 250, drain: { ...DRAIN, ...drain } }),
    );
    try {
      await waitFor("the healthy mail delivered", () => allDelivered(healthyMail.map((m) => m.id)), PROMPT_MS);
      expect(slow.arrived.length, "the slow gateway has mail in hand").toBeGreaterThan(0);
      expect(slow.accepted, "no slow send has finished yet").toEqual([]);
      expect(Date.now() - startedAt).toBeLessThan(PROMPT_MS);

      await waitFor("the retry due", () => Date.now() >= retryDueAt.getTime(), 10_000);
      await waitFor("the retry delivered", () => allDelivered(retry.map((m) => m.id)), PROMPT_MS);
      expect(slow.accepted, "no slow send has finished yet").toEqual([]);

      // Queued while the slow sends are out: NOTIFY (or the next poll) reaches the drain that is still running.
      const queuedAt = Date.now();
      const late = await insertTestMessages(2, { from: "app@fast.example" });
      await waitFor("the mail queued later delivered", () => allDelivered(late.map((m) => m.id)), PROMPT_MS);
      expect(Date.now() - queuedAt).toBeLessThan(PROMPT_MS);
      expect(slow.accepted, "no slow send has finished yet").toEqual([]);

      // The slow gateway's mail gets there in the end, once each.
      await waitFor("the slow mail delivered", () => allDelivered(slowMail.map((m) => m.id)), (2 + Math.ceil(slowMessages / DRAIN.transport!.maxConnections!)) * SLOW_REPLY_MS);
      expect([...slow.accepted].sort()).toEqual(slowMail.map((m) => m.messageId).sort());
      // Mail given back unsent while its gateway was busy was not tried: one attempt each, the one that delivered it.
      const attempts = await getDb().message.findMany({ where: { id: { in: slowMail.map((m) => m.id) } }, select: { attempts: true } });
      expect(attempts.map((m) => m.attempts)).toEqual(slowMail.map(() => 1));
      const healthyIds = [...healthyMail, ...retry, ...late].map((m) => m.messageId);
      expect(healthy.messages.map((m) => m.messageId).sort()).toEqual(healthyIds.map((id) => `<${id}>`).sort());
      expect(await getDb().message.count({ where: { status: { not: "DELIVERED" } } })).toBe(0);
    } finally {
      await Promise.all(running.map((loop) => loop.stop()));
    }
  } finally {
    await slow.close();
  }
}

describe("a slow gateway", () => {
  it("never holds mail bound for a healthy gateway, with one drain loop", { timeout: 120_000 }, async () => {
    await runScenario({ loops: 1 });
  });

  it("never holds mail bound for a healthy gateway, with two drain loops", { timeout: 120_000 }, async () => {
    await runScenario({ loops: 2 });
  });

  it(
    "never holds mail bound for a healthy gateway when its own backlog is larger than what a worker holds",
    { timeout: 180_000 },
    async () => {
      // A worker holds 6 messages at once; the slow gateway has 10 due first and takes 4 sends at a time. Without
      // giving back the mail that waits for its busy gateway, all 6 held places wait on it and nothing else is
      // claimed for SLOW_REPLY_MS. The given-back mail is claimed again later and arrives once each all the same.
      await runScenario({ loops: 1, slowMessages: 10, drain: { batchSize: 6, pipelineDepth: 2, gatewayWaitMs: 500 } });
    },
  );
});
