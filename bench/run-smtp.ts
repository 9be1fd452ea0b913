/**
 * `npx tsx bench/run-smtp.ts` (`-- --quick`: 500 messages, one run): only the "SMTP in → gateway, end to end" figure
 * (bench/figures-smtp.ts) and, where Postfix can run, Postfix relaying the same load — without the production build
 * or the web server, which the figure does not use. Its own embedded PostgreSQL (fsync on) and two counting sinks;
 * the same figure runs in `npm run bench` as BENCH_FIGURES=smtp. Sizes: BENCH_SMTP_N, BENCH_SMTP_SESSIONS, BENCH_RUNS.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./children";
import { durabilitySettings, outgateEnvironment, seed, startDatabase } from "./environment";
import { smtpEndToEnd } from "./figures-smtp";
import { runFigureAlone } from "./run-figure-alone";
import { startSinks } from "./sinks";

const quick = process.argv.includes("--quick");

const profileDir = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : undefined;

runFigureAlone("smtp", { quick, runs: Number(process.env.BENCH_RUNS ?? (quick ? 1 : 3)), profileDir }, async ({ config, logFile, workDir }) => {
  // PostgreSQL runs as its own OS user when started by root: it must be able to enter the work folder.
  fs.chmodSync(workDir, 0o755);
  const { database, sql } = await startDatabase(workDir);
  try {
    const sinks = await startSinks(2, logFile);
    const apiKey = await seed(sql, sinks.map((sink) => sink.port));
    console.log(`[bench] smtp; durability: ${JSON.stringify(await durabilitySettings(sql))}; machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, kernel ${os.release()}, load ${os.loadavg()[0].toFixed(1)}`);
    return await smtpEndToEnd({ config, root: ROOT, sql, sinks, serverUrl: "", apiKey, outgateEnv: outgateEnvironment(database.url), logFile, workDir });
  } finally {
    await sql.end().catch(() => {});
    await database.stop().catch(() => {});
  }
});
