/**
 * `npx tsx bench/run-overview.ts`: only the overview figure (bench/figures-overview.ts), without the production build,
 * the server or the SMTP sinks that `npm run bench` starts for its other figures. Its own embedded PostgreSQL in a
 * temporary folder; BENCH_OVERVIEW_N messages (default 1,000,000). The same figure runs in `npm run bench`
 * (BENCH_FIGURES=overview selects it there).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { stopAllChildren } from "./children";
import type { BenchConfig, Figure } from "./context";
import { outgateEnvironment } from "./environment";
import { overview } from "./figures-overview";
import { printFigure, printTable } from "./report";

async function main(): Promise<void> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "outgate-bench-overview-"));
  const figures: Figure[] = [];
  try {
    const config = { overviewMessages: Number(process.env.BENCH_OVERVIEW_N ?? 1_000_000) } as BenchConfig;
    const outgateEnv = outgateEnvironment("postgres://set-by-the-figure");
    for (const figure of await overview({ config, outgateEnv, logFile: path.join(workDir, "processes.log"), workDir })) {
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
