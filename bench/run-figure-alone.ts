import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { stopAllChildren } from "./children";
import type { BenchConfig, BenchContext, Figure } from "./context";
import { outgateEnvironment } from "./environment";
import { printFigure, printTable } from "./report";

type AloneContext = Pick<BenchContext, "config" | "outgateEnv" | "logFile" | "workDir">;

/**
 * Runs one figure that brings its own PostgreSQL (overview, bulk action, …) without the production build, the server
 * or the SMTP sinks `npm run bench` starts: a temporary work folder, the product's environment, the figures printed
 * as they come and in a table, the process's exit code. `config`: the sizes the figure reads.
 */
export function runFigureAlone(name: string, config: Partial<BenchConfig>, figure: (ctx: AloneContext) => Promise<Figure[]>): void {
  const main = async () => {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `outgate-bench-${name}-`));
    const figures: Figure[] = [];
    const logFile = path.join(workDir, "processes.log");
    try {
      const outgateEnv = outgateEnvironment("postgres://set-by-the-figure");
      for (const result of await figure({ config: { quick: false, ...config } as BenchConfig, outgateEnv, logFile, workDir })) {
        figures.push(result);
        printFigure(result, figures);
      }
    } catch (error) {
      // The children's output is what explains a failed figure: keep it (the database folder is removed).
      await stopAllChildren();
      fs.rmSync(path.join(workDir, "postgres"), { recursive: true, force: true });
      console.error(`[bench] the processes' output is kept in ${logFile}`);
      throw error;
    } finally {
      await stopAllChildren();
    }
    fs.rmSync(workDir, { recursive: true, force: true });
    printTable(figures);
  };
  main().then(
    () => process.exit(0),
    (error: Error) => {
      console.error(`[bench] failed: ${error.stack ?? error.message}`);
      process.exit(1);
    },
  );
}
