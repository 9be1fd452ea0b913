/**
 * `npm run bench` (`-- --quick` for a check in under a minute): starts everything on loopback — a fresh
 * embedded PostgreSQL with fsync on, the production build without its in-process worker, two counting SMTP
 * sinks in their own processes — and prints each figure as a median of runs with its range, in a table and as
 * one `BENCH {json}` line. Sizes: BENCH_RUNS, BENCH_N (drain and raw), BENCH_SUBMIT_N, BENCH_E2E_N,
 * BENCH_SCALE_LARGE, BENCH_SCALE_WINDOW, BENCH_MEMORY_N, BENCH_OVERVIEW_N, BENCH_SMTP_N, BENCH_SMTP_SESSIONS, BENCH_SMTP_WORKERS, BENCH_CONCURRENCY, BENCH_BATCH_SIZE, BENCH_BATCH_CONCURRENCY. BENCH_FIGURES:
 * comma list of raw,submit,batch,drain,e2e,e2e_batch,scale,memory,overview,search,smtp (default all; the overview figure alone,
 * without build, server or sinks: npx tsx bench/run-overview.ts; bulk_action alone: npx tsx bench/run-bulk-action.ts, BENCH_BULK_ACTION_N). Profiling: BENCH_PROFILE=<dir>
 * (workers), BENCH_SERVER_NODE_ARGS; experiments: BENCH_WORKER_NODE_ARGS, BENCH_LISTENER_NODE_ARGS (the SMTP figure's listener). BENCH_COMPARE=<git rev>: the submit, drain and
 * end-to-end figures of that revision and of this checkout, alternating in one run (bench/compare.ts). See bench/RESULTS.md.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, stopAllChildren } from "./children";
import type { BenchConfig, BenchContext, Figure } from "./context";
import { durabilitySettings, ensureProductionBuild, outgateEnvironment, seed, startDatabase, startServer } from "./environment";
import { endToEnd, submit } from "./figures-api";
import { drain, memory, rawLimit } from "./figures-delivery";
import { overview } from "./figures-overview";
import { search } from "./figures-search";
import { bulkAction } from "./figures-bulk-action";
import { scale } from "./figures-scale";
import { smtpEndToEnd } from "./figures-smtp";
import { compareRevisions } from "./compare";
import { printFigure, printTable } from "./report";
import { startSinks } from "./sinks";

const ALL_FIGURES = ["raw", "submit", "batch", "drain", "e2e", "e2e_batch", "scale", "memory", "overview", "bulk_action", "search", "smtp"];

function readConfig(argv: string[]): BenchConfig {
  const quick = argv.includes("--quick");
  const int = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
  const drainN = int("BENCH_N", quick ? 1_000 : 20_000);
  return {
    quick,
    runs: int("BENCH_RUNS", quick ? 1 : 3),
    drainN,
    submitN: int("BENCH_SUBMIT_N", quick ? 300 : 5_000),
    endToEndN: int("BENCH_E2E_N", quick ? 300 : 10_000),
    concurrency: int("BENCH_CONCURRENCY", 32),
    batchSize: int("BENCH_BATCH_SIZE", 50),
    batchConcurrency: int("BENCH_BATCH_CONCURRENCY", 8),
    rawN: drainN,
    scaleSmall: 1_000,
    scaleLarge: int("BENCH_SCALE_LARGE", quick ? 10_000 : 1_000_000),
    scaleWindow: int("BENCH_SCALE_WINDOW", quick ? 1_000 : 10_000),
    memoryN: int("BENCH_MEMORY_N", quick ? 2_000 : 100_000),
    overviewMessages: int("BENCH_OVERVIEW_N", quick ? 10_000 : 1_000_000),
    searchMessages: int("BENCH_SEARCH_N", quick ? 10_000 : 1_000_000),
    figures: new Set((process.env.BENCH_FIGURES ?? ALL_FIGURES.join(",")).split(",").map((f) => f.trim())),
    profileDir: process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : undefined,
  };
}

async function main(): Promise<void> {
  const config = readConfig(process.argv.slice(2));
  const started = Date.now();
  ensureProductionBuild();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "outgate-bench-"));
  const logFile = path.join(workDir, "processes.log");
  console.log(`[bench] ${config.quick ? "quick" : "full"} run, ${config.runs} run(s) per figure; data and logs in ${workDir}`);

  const { database, sql } = await startDatabase(workDir);
  // Ctrl-C: stop what this run started (sinks, server, workers, Postgres) by their ids, then exit.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void stopAllChildren()
        .then(() => database.stop())
        .finally(() => process.exit(130));
    });
  }
  const figures: Figure[] = [];
  try {
    const sinks = await startSinks(2, logFile);
    const apiKey = await seed(sql, sinks.map((sink) => sink.port));
    const outgateEnv = outgateEnvironment(database.url);
    const server = await startServer(outgateEnv, logFile);
    console.log(`[bench] durability: ${JSON.stringify(await durabilitySettings(sql))}; machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, kernel ${os.release()}, node ${process.version}`);
    const ctx: BenchContext = { config, root: ROOT, sql, sinks, serverUrl: server.url, apiKey, outgateEnv, logFile, workDir };

    const record = (...results: Figure[]) => {
      for (const result of results) {
        figures.push(result);
        printFigure(result, figures);
      }
    };
    // The raw limit first: every ratio below divides by it.
    if (config.figures.has("raw")) {
      record(await rawLimit(ctx));
      record(await rawLimit(ctx, "outgate_pool"));
      record(await rawLimit(ctx, "nagle"));
    }
    if (process.env.BENCH_COMPARE) await compareRevisions(ctx, process.env.BENCH_COMPARE, record);
    if (config.figures.has("submit")) record(...(await submit(ctx)));
    if (config.figures.has("batch")) record(...(await submit(ctx, "batch")));
    if (config.figures.has("drain")) {
      record(...(await drain(ctx, 1)));
      record(...(await drain(ctx, 2)));
    }
    if (config.figures.has("e2e")) {
      record(...(await endToEnd(ctx, 1)));
      record(...(await endToEnd(ctx, 2)));
    }
    if (config.figures.has("e2e_batch")) {
      record(...(await endToEnd(ctx, 1, "batch")));
      record(...(await endToEnd(ctx, 2, "batch")));
    }
    if (config.figures.has("smtp")) record(...(await smtpEndToEnd(ctx, Number(process.env.BENCH_SMTP_WORKERS ?? 1))));
    if (config.figures.has("scale")) record(...(await scale(ctx)));
    if (config.figures.has("memory")) record(await memory(ctx));
    if (config.figures.has("overview")) record(...(await overview(ctx)));
    if (config.figures.has("search")) record(...(await search(ctx)));
    if (config.figures.has("bulk_action")) record(...(await bulkAction(ctx)));
  } finally {
    await stopAllChildren();
    await sql.end().catch(() => {});
    await database.stop().catch(() => {});
  }
  printTable(figures);
  console.log(`[bench] done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (!process.env.BENCH_KEEP_DATA) fs.rmSync(path.join(workDir, "postgres"), { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  async (error: Error) => {
    console.error(`[bench] failed: ${error.stack ?? error.message}`);
    await stopAllChildren();
    process.exit(1);
  },
);
