import type { ChildProcess } from "node:child_process";
import type pg from "pg";
import { forkTs, peakRssMiB, stopChild } from "./children";
import { fillQueue, waitUntilDrained } from "./fill-queue";
import { resetSinks, waitForSinks, type Sink } from "./sinks";
import { truncateQueue } from "./environment";

export type Workers = { children: ChildProcess[]; stop(): Promise<void>; peakRssMiB(): number[] };

/**
 * Starts `count` `worker/index.ts` processes (what `npm run worker` runs) and warms them up: a few batches go
 * through every process so module loading, Prisma's first queries and the SMTP pools are not in the figures.
 */
export async function startWorkers(
  count: number,
  context: { env: Record<string, string | undefined>; logFile: string; sql: pg.Pool; sinks: Sink[]; nodeArgs?: string[]; warmup?: boolean; root?: string },
): Promise<Workers> {
  // BENCH_WORKER_NODE_ARGS: extra node flags for experiments (e.g. --cpu-prof).
  const extra = process.env.BENCH_WORKER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const nodeArgs = [...extra, ...(context.nodeArgs ?? [])];
  const children = Array.from({ length: count }, () => forkTs("worker/index.ts", { env: context.env, logFile: context.logFile, nodeArgs, root: context.root }));
  const workers: Workers = {
    children,
    stop: async () => {
      await Promise.all(children.map((child) => stopChild(child)));
    },
    peakRssMiB: () => children.map((child) => peakRssMiB(child.pid ?? 0)),
  };
  if (context.warmup === false) return workers;
  const warmup = 200 * count;
  await truncateQueue(context.sql);
  await resetSinks(context.sinks);
  await fillQueue(context.sql, { count: warmup });
  await waitForSinks(context.sinks, warmup, 120_000);
  await waitUntilDrained(context.sql, 60_000);
  await resetSinks(context.sinks);
  return workers;
}
