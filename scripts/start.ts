/**
 * `npm start`: everything needed to run Outgate on a fresh machine. Uses DATABASE_URL when set, otherwise an
 * embedded PostgreSQL in the data folder; applies migrations; builds once if there is no production build;
 * then runs the web server (scripts/web-server.ts: Next.js plus the submission API's fast path). On SIGINT, SIGTERM
 * or SIGHUP it stops the web server first — which finishes its writes — and Postgres only once that has exited.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { applyMigrations } from "../prisma/migrator";
import type { EmbeddedDatabase } from "../lib/platform/embedded-postgres";
import { applyLocalSecrets, recordEmbeddedDatabaseUrl, resolveDataDir } from "../lib/platform/local-defaults";
import { recordStartPid, stopOrphanedPostgres } from "../lib/start-up/orphaned-postgres";

const root = path.resolve(__dirname, "..");
const dataDir = resolveDataDir(root);
const port = process.env.PORT ?? "3000";
const host = process.env.HOST ?? "0.0.0.0";
const nextBin = path.join(root, "node_modules", ".bin", "next");
/**
 * How long a stop waits for the web server before killing it: longer than its own deadline (STOP_DEADLINE_MS, 60 s,
 * scripts/web-server.ts), so only a hung process is killed; with Postgres's own stop it fits TimeoutStopSec=120.
 */
const WEB_SERVER_STOP_MS = 75_000;
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** What runs so far, for stop(): start-up sets each as it gets to it. */
let database: EmbeddedDatabase | undefined;
/** This process's record in the data folder (lib/start-up/orphaned-postgres.ts), removed once Postgres is down. */
let startRecord: ReturnType<typeof recordStartPid> | undefined;
let webServer: { child: ChildProcess; exited: Promise<void> } | undefined;
let stopping = false;

/** The web server first (it finishes its writes, or is killed after WEB_SERVER_STOP_MS), then Postgres, then exit. */
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const { child, exited } = webServer ?? {};
  // exitCode stays null for a process killed by a signal: ask whether it still runs, not how it ended.
  if (child && exited && child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    const hung = setTimeout(() => {
      console.error(`[outgate] the web server did not stop within ${WEB_SERVER_STOP_MS / 1000} s; killing it`);
      child.kill("SIGKILL");
    }, WEB_SERVER_STOP_MS);
    await exited;
    clearTimeout(hung);
  }
  if (database) {
    await database.stop().catch(() => {});
    console.log("[outgate] PostgreSQL stopped");
  }
  startRecord?.forget();
  process.exit(code);
}

/**
 * The embedded-postgres wrapper, without the signal listeners that importing the library adds: its exit hook
 * (async-exit-hook) stops every cluster on SIGINT, SIGTERM and SIGHUP at once and exits, so PostgreSQL went down before
 * the web server's last writes (smtp.activity_flush_failed). stop() stops it after the web server instead. Only the
 * listeners the import added go (tsx's signal relay stays), and the library's 'exit' hook stays: a process that
 * exits without stop() still stops PostgreSQL. Nothing else may import the library earlier in this process.
 */
async function importEmbeddedPostgres() {
  const before = new Map(STOP_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const wrapper = await import("../lib/platform/embedded-postgres");
  for (const signal of STOP_SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
  }
  return wrapper;
}

async function main() {
  // A requested stop (Ctrl+C, a supervisor's SIGTERM, the terminal closing) exits 0, also during start-up.
  for (const signal of STOP_SIGNALS) process.on(signal, () => void stop(0));
  applyLocalSecrets(dataDir);
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  process.env.NEXT_TELEMETRY_DISABLED = "1";

  if (!process.env.DATABASE_URL) {
    const { startEmbeddedPostgres } = await importEmbeddedPostgres();
    const orphan = await stopOrphanedPostgres(dataDir);
    if (orphan !== null) console.log(`[outgate] stopped the PostgreSQL (pid ${orphan}) that a killed Outgate had left running on ${dataDir}`);
    startRecord = recordStartPid(dataDir);
    database = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), ownProcessGroup: true });
    process.env.DATABASE_URL = database.url;
    recordEmbeddedDatabaseUrl(dataDir, database.url);
    console.log(`[outgate] embedded PostgreSQL running on 127.0.0.1:${database.port} (data in ${path.join(dataDir, "postgres")})`);
  }

  const applied = await applyMigrations(process.env.DATABASE_URL);
  if (applied.length > 0) console.log(`[outgate] applied migrations: ${applied.join(", ")}`);

  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.log("[outgate] no production build found; running next build (once)");
    const build = spawnSync(nextBin, ["build"], { cwd: root, stdio: "inherit", env: process.env });
    if (build.status !== 0) throw new Error("next build failed");
  }
  if (stopping) return;

  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "web-server.ts")], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PORT: port, HOST: host, NODE_ENV: "production", OUTGATE_SUPERVISOR_PID: String(process.pid) },
  });
  webServer = { child, exited: new Promise<void>((resolve) => child.once("exit", () => resolve())) };
  if (child.pid !== undefined) startRecord?.addWebServer(child.pid);
  // The web server ended without being asked: exit non-zero, so a supervisor sees the failure and restarts us.
  child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`[outgate] the web server exited (${signal ?? `code ${code}`}); stopping`);
    void stop(code || 1);
  });
}

main().catch((error) => {
  // A stop during start-up ends what start-up was waiting for; stop() exits.
  if (stopping) return;
  console.error(`[outgate] failed to start: ${(error as Error).message}`);
  process.exit(1);
});
