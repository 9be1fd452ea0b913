import { ask, forkTs, stopChild, waitForMessage } from "./children";
import type { BenchContext, Figure } from "./context";
import { readWalPosition, walBytesPerMessage, walFigure } from "./wal-usage";
import { cpuFigures, cpuPerMessage, sampleCpu, type CpuSample } from "./cpu-usage";
import { truncateQueue } from "./environment";
import { countByStatus, fillQueue, queuedMessageIds, waitUntilDrained } from "./fill-queue";
import { resetSinks, verificationProblem, verifySinks, waitForSinks } from "./sinks";
import { startWorkers } from "./workers";

const timeoutFor = (n: number) => Math.max(120_000, n * 20);

export type RawVariant = "limit" | "outgate_pool" | "nagle";

/**
 * Figure 4: pooled nodemailer straight into the sinks, 5 connections per sink, 100 messages per connection.
 * "limit": `sendMail({ raw })` on sockets with TCP_NODELAY — the reference, every ratio divides by it;
 * "outgate_pool": Outgate's own gateway pool with no queue (what a worker could reach if the queue cost nothing);
 * "nagle": nodemailer's default sockets, to show the delayed-ACK stall.
 */
export async function rawLimit(ctx: BenchContext, variant: RawVariant = "limit"): Promise<Figure> {
  const noDelay = variant !== "nagle";
  // Nagle's variant is a reference point only: one smaller run is enough to show the stall.
  const n = noDelay ? ctx.config.rawN : Math.min(ctx.config.rawN, 2_000);
  // Every ratio divides by this figure, and one client process near a full core is sensitive to any other load on
  // the machine (single runs measured 2,654–3,399 msg/s on the idle box): its median takes at least 5 runs.
  const runs = noDelay ? Math.max(ctx.config.runs, 5) : 1;
  const client = variant === "outgate_pool" ? "outgate" : "sendMail";
  // Outgate's client checks every outbound address against the configured networks (getEnv): it needs the env.
  const child = forkTs("bench/raw-client-process.ts", { env: ctx.outgateEnv, logFile: ctx.logFile });
  await waitForMessage(child, "ready");
  const values: number[] = [];
  try {
    for (let run = 0; run <= runs; run++) {
      await resetSinks(ctx.sinks);
      type Done = { elapsedMs: number; startedAt: number; errors: number; ids: string[] };
      const done = await ask<Done>(
        child,
        { type: "run", ports: ctx.sinks.map((sink) => sink.port), count: n, maxConnections: 5, maxMessages: 100, inFlight: 50, noDelay, client },
        "done",
      );
      // A failed send never reaches a sink: say so now rather than after the sinks' wait times out.
      if (done.errors !== 0) throw new Error(`raw limit run ${run}: ${done.errors} send errors`);
      const lastAt = await waitForSinks(ctx.sinks, n, timeoutFor(n));
      const problem = verificationProblem(await verifySinks(ctx.sinks, new Set(done.ids)), n);
      if (problem) throw new Error(`raw limit run ${run}: ${problem}`);
      // Run 0 warms the sinks' JIT and the loopback; it is not counted.
      if (run > 0) values.push((n / Math.max(done.elapsedMs, lastAt - done.startedAt)) * 1000);
    }
  } finally {
    await stopChild(child);
  }
  switch (variant) {
    case "limit":
      return { figure: "raw_limit", label: "Raw limit: pooled nodemailer → sinks", unit: "msg/s", values, extra: { n, connections: 10, messagesPerConnection: 100, noDelay, client } };
    case "outgate_pool":
      return { figure: "raw_outgate_pool", label: "Same sinks, Outgate's SMTP pool, no queue", unit: "msg/s", values, ratioToRaw: true, extra: { n, client } };
    case "nagle":
      return { figure: "raw_nagle", label: "Same, nodemailer's default socket (Nagle on)", unit: "msg/s", values, ratioToRaw: true, extra: { n, noDelay } };
  }
}

/** Figure 2: N queued messages drained by `workerCount` worker processes through the two round-robin gateways. */
export async function drain(ctx: BenchContext, workerCount: number): Promise<Figure[]> {
  const n = ctx.config.drainN;
  // BENCH_DRAIN_LIMITS=1 (issue 15): every gateway gets per-minute, per-hour and per-day limits far above the run, so
  // each claim reserves its slots in rate_windows but no limit is reached; compare the figure with a run without.
  const limited = process.env.BENCH_DRAIN_LIMITS === "1";
  const ceiling = Math.max(10_000_000, n * 10);
  await ctx.sql.query(`UPDATE gateways SET per_minute_limit = $1, per_hour_limit = $1, per_day_limit = $1`, [limited ? ceiling : null]);
  const workers = await startWorkers(workerCount, { env: ctx.outgateEnv, logFile: ctx.logFile, sql: ctx.sql, sinks: ctx.sinks, nodeArgs: profileArgs(ctx, `drain-${workerCount}`), root: ctx.root });
  const values: number[] = [];
  const sinkSplit: number[][] = [];
  const cpu: CpuSample[] = [];
  const wal: number[] = [];
  try {
    for (let run = 0; run < ctx.config.runs; run++) {
      await truncateQueue(ctx.sql);
      await resetSinks(ctx.sinks);
      const before = sampleCpu();
      const { committedAt } = await fillQueue(ctx.sql, { count: n });
      // After the fill: what the drain writes (claims, outcomes, attempts, rollups), not the fill's inserts.
      const walBefore = await readWalPosition(ctx.sql);
      await waitForSinks(ctx.sinks, n, timeoutFor(n));
      const drainedAt = await waitUntilDrained(ctx.sql, timeoutFor(n));
      wal.push(walBytesPerMessage(walBefore, await readWalPosition(ctx.sql), n));
      const after = sampleCpu();
      // The fill's own SQL work is counted too (PostgreSQL): small beside the drain's, and the same in every run.
      if (before && after) cpu.push(cpuPerMessage(before, after, n));
      const verification = await verifySinks(ctx.sinks, await queuedMessageIds(ctx.sql));
      const problem = verificationProblem(verification, n);
      const statuses = await countByStatus(ctx.sql);
      if (problem || statuses.DELIVERED !== n) throw new Error(`drain (${workerCount} workers) run ${run}: ${problem ?? JSON.stringify(statuses)}`);
      values.push((n / (drainedAt - committedAt)) * 1000);
      sinkSplit.push(verification.perSink);
    }
  } finally {
    await workers.stop();
  }
  const s = workerCount === 1 ? "" : "s";
  const name = `drain_${workerCount}_worker${s}${limited ? "_limits" : ""}`;
  return [
    { figure: name, label: `Drain ${n} queued, ${workerCount} worker${s}${limited ? ", limits configured (not reached)" : ""}`, unit: "msg/s", values, ratioToRaw: true, extra: { n, verified: "exactly once", perSink: sinkSplit[0] } },
    ...cpuFigures(name, `Drain, ${workerCount} worker${s},`, cpu, ["worker", "postgres", "sinks", "idle"]),
    ...walFigure(name, `Drain, ${workerCount} worker${s},`, wal),
  ];
}

/** Figure 6: peak RSS (VmHWM) of one fresh worker process draining memoryN messages. */
export async function memory(ctx: BenchContext): Promise<Figure> {
  const n = ctx.config.memoryN;
  await truncateQueue(ctx.sql);
  await resetSinks(ctx.sinks);
  const workers = await startWorkers(1, { env: ctx.outgateEnv, logFile: ctx.logFile, sql: ctx.sql, sinks: ctx.sinks, warmup: false, root: ctx.root });
  try {
    const { committedAt } = await fillQueue(ctx.sql, { count: n });
    await waitForSinks(ctx.sinks, n, timeoutFor(n));
    const drainedAt = await waitUntilDrained(ctx.sql, timeoutFor(n));
    const peak = workers.peakRssMiB()[0];
    const verification = verifySinksCount(await countByStatus(ctx.sql), n);
    if (verification) throw new Error(`memory: ${verification}`);
    return {
      figure: "worker_peak_rss",
      label: `Worker peak RSS draining ${n}`,
      unit: "MiB",
      values: [peak],
      extra: { n, drainRate: Math.round((n / (drainedAt - committedAt)) * 1000) },
    };
  } finally {
    await workers.stop();
  }
}

function verifySinksCount(statuses: Record<string, number>, n: number): string | null {
  return statuses.DELIVERED === n ? null : `expected ${n} delivered, found ${JSON.stringify(statuses)}`;
}

export function profileArgs(ctx: BenchContext, name: string): string[] {
  return ctx.config.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${ctx.config.profileDir}/${name}`] : [];
}
