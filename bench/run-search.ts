/**
 * `npx tsx bench/run-search.ts`: only the search figure (bench/figures-search.ts), without the production build, the
 * server or the SMTP sinks. Its own embedded PostgreSQL in a temporary folder; BENCH_SEARCH_N messages (default
 * 1,000,000). The same figure runs in `npm run bench` as BENCH_FIGURES=search.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { stopAllChildren } from "./children";
import type { BenchConfig, Figure } from "./context";
import { outgateEnvironment } from "./environment";
import { search } from "./figures-search";
import { printFigure, printTable } from "./report";

async function main(): Promise<void> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "outgate-bench-search-"));
  const figures: Figure[] = [];
  try {
    const config = { searchMessages: Number(process.env.BENCH_SEARCH_N ?? 1_000_000) } as BenchConfig;
    const outgateEnv = outgateEnvironment("postgres://set-by-the-figure");
    for (const figure of await search({ config, outgateEnv, logFile: path.join(workDir, "processes.log"), workDir })) {
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
