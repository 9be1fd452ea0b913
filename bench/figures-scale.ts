import type { BenchContext, Figure } from "./context";
import { truncateQueue } from "./environment";
import { fillQueue, waitUntilDrained } from "./fill-queue";
import { resetSinks, sinkStats, waitForSinks } from "./sinks";
import { spread } from "./stats";
import { startWorkers } from "./workers";

const CLAIMS = 20;
const CLAIM_BATCH = 100;

/**
 * Figure 5: the drain rate and the time of one claim (the product's claimMessages, a batch of 100) with a small
 * and a large backlog. With the small one the rate is the whole drain from commit to the last recorded
 * delivery; with the large one it is measured over a window of scaleWindow messages once the worker runs at
 * full speed (draining a million would take minutes and say nothing more).
 */
export async function scale(ctx: BenchContext): Promise<Figure[]> {
  const { scaleSmall, scaleLarge, scaleWindow } = ctx.config;
  const smallRate = await drainSmall(ctx, scaleSmall);
  const smallClaim = await claimTimes(ctx, scaleSmall, true);
  const largeRate = await drainLargeWindow(ctx, scaleLarge, scaleWindow);
  // The backlog is still there (minus the window): measure the claim on it as a draining system sees it.
  const largeClaim = await claimTimes(ctx, scaleLarge, false);
  const label = (n: number) => n.toLocaleString("en-US");
  return [
    { figure: `scale_drain_${scaleSmall}`, label: `Drain rate, ${label(scaleSmall)} waiting`, unit: "msg/s", values: smallRate, ratioToRaw: true },
    { figure: `scale_drain_${scaleLarge}`, label: `Drain rate, ${label(scaleLarge)} waiting`, unit: "msg/s", values: largeRate, ratioToRaw: true,
      extra: { ratioToSmall: round2(spread(largeRate).median / spread(smallRate).median), window: scaleWindow } },
    { figure: `scale_claim_${scaleSmall}`, label: `Claim of ${CLAIM_BATCH}, ${label(scaleSmall)} waiting`, unit: "ms", values: smallClaim },
    { figure: `scale_claim_${scaleLarge}`, label: `Claim of ${CLAIM_BATCH}, ${label(scaleLarge)} waiting`, unit: "ms", values: largeClaim,
      extra: { ratioToSmall: round2(spread(largeClaim).median / spread(smallClaim).median) } },
  ];
}

async function drainSmall(ctx: BenchContext, n: number): Promise<number[]> {
  const workers = await startWorkers(1, { env: ctx.outgateEnv, logFile: ctx.logFile, sql: ctx.sql, sinks: ctx.sinks });
  const values: number[] = [];
  try {
    for (let run = 0; run < ctx.config.runs; run++) {
      await truncateQueue(ctx.sql);
      await resetSinks(ctx.sinks);
      const { committedAt } = await fillQueue(ctx.sql, { count: n });
      await waitForSinks(ctx.sinks, n, 120_000);
      values.push((n / ((await waitUntilDrained(ctx.sql, 120_000)) - committedAt)) * 1000);
    }
  } finally {
    await workers.stop();
  }
  return values;
}

/** Fills the large backlog while a warm worker waits, then times scaleWindow deliveries after the first batches. */
async function drainLargeWindow(ctx: BenchContext, n: number, window: number): Promise<number[]> {
  const workers = await startWorkers(1, { env: ctx.outgateEnv, logFile: ctx.logFile, sql: ctx.sql, sinks: ctx.sinks });
  const values: number[] = [];
  try {
    await truncateQueue(ctx.sql);
    await resetSinks(ctx.sinks);
    const started = Date.now();
    await fillQueue(ctx.sql, { count: n });
    await ctx.sql.query("ANALYZE messages, message_recipients");
    console.log(`[bench] queued ${n.toLocaleString("en-US")} messages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const lead = 1_000;
    await waitForSinks(ctx.sinks, lead, 300_000);
    let from = await sinkStats(ctx.sinks);
    for (let run = 0; run < ctx.config.runs; run++) {
      const to = await waitForSinksStats(ctx, from.total + window);
      values.push(((to.total - from.total) / (to.lastAt - from.lastAt)) * 1000);
      from = to;
    }
  } finally {
    await workers.stop();
  }
  return values;
}

async function waitForSinksStats(ctx: BenchContext, total: number) {
  await waitForSinks(ctx.sinks, total, 300_000, 5);
  return sinkStats(ctx.sinks);
}

/** Times CLAIMS claims through the product's claimMessages, putting each batch back afterwards. */
async function claimTimes(ctx: BenchContext, n: number, fill: boolean): Promise<number[]> {
  if (fill) {
    await truncateQueue(ctx.sql);
    await fillQueue(ctx.sql, { count: n, notify: false });
    await ctx.sql.query("ANALYZE messages, message_recipients");
  }
  process.env.DATABASE_URL = ctx.outgateEnv.DATABASE_URL;
  const { claimMessages } = await import("../lib/engine/queue/claim-messages");
  await claimMessages({ limit: 1, leaseSeconds: 1 }).then((claim) => requeue(ctx, claim.leaseToken));
  const times: number[] = [];
  for (let i = 0; i < CLAIMS; i++) {
    const t0 = process.hrtime.bigint();
    const claim = await claimMessages({ limit: CLAIM_BATCH, leaseSeconds: 300 });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (claim.messages.length !== CLAIM_BATCH) throw new Error(`claim returned ${claim.messages.length} messages`);
    await requeue(ctx, claim.leaseToken);
  }
  return times;
}

async function requeue(ctx: BenchContext, leaseToken: string): Promise<void> {
  await ctx.sql.query(`UPDATE messages SET lease_token = NULL, lease_until = NULL, next_attempt_at = now(), attempts = 0 WHERE lease_token = $1`, [leaseToken]);
}

const round2 = (value: number) => Math.round(value * 100) / 100;
