/**
 * `npx tsx bench/run-bulk-action.ts`: only the bulk queue action figure (bench/figures-bulk-action.ts), without the
 * production build, the server or the SMTP sinks. Its own embedded PostgreSQL in a temporary folder;
 * BENCH_BULK_ACTION_N messages (default 1,000,000). In `npm run bench` as BENCH_FIGURES=bulk_action.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { stopAllChildren } from "./children";
import type { BenchConfig, Figure } from "./context";
import { outgateEnvironment } from "./environment";
import { bulkAction } from "./figures-bulk-action";
import { printFigure, printTable } from "./report";

async function main(): Promise<void> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "outgate-bench-bulk-action-"));
  const figures: Figure[] = [];
  try {
    const config = { quick: false } as BenchConfig;
    const outgateEnv = outgateEnvironment("postgres://set-by-the-figure");
    for (const figure of await bulkAction({ config, outgateEnv, logFile: path.join(workDir, "processes.log"), workDir })) {
      figures.push(figure);
      printFigure(figure, figures);
    }
  } finally {
    await stopAllChildren();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  printTable(figures);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`[bench] failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
