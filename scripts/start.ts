/**
 * `npm start`: everything needed to run Outgate on a fresh machine. Uses DATABASE_URL when set, otherwise an
 * embedded PostgreSQL in the data folder; applies migrations; builds once if there is no production build;
 * then runs the web server (scripts/web-server.ts: Next.js plus the submission API's fast path). Stops Postgres
 * cleanly on SIGINT/SIGTERM.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { applyMigrations } from "../prisma/migrator";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../lib/platform/embedded-postgres";
import { applyLocalSecrets, recordEmbeddedDatabaseUrl, resolveDataDir } from "../lib/platform/local-defaults";

const root = path.resolve(__dirname, "..");
const dataDir = resolveDataDir(root);
const port = process.env.PORT ?? "3000";
const host = process.env.HOST ?? "0.0.0.0";
const nextBin = path.join(root, "node_modules", ".bin", "next");

async function main() {
  applyLocalSecrets(dataDir);
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  process.env.NEXT_TELEMETRY_DISABLED = "1";

  let database: EmbeddedDatabase | undefined;
  if (!process.env.DATABASE_URL) {
    database = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres") });
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

  const server = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "web-server.ts")], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PORT: port, HOST: host, NODE_ENV: "production" },
  });
  const serverExited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // exitCode stays null for a process killed by a signal: ask whether it still runs, not how it ended.
    if (server.exitCode === null && server.signalCode === null) server.kill("SIGTERM");
    await serverExited;
    await database?.stop().catch(() => {});
    process.exit(code);
  };
  // A requested stop (Ctrl+C, a supervisor's SIGTERM) exits 0 once the web server has finished its batch.
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  // The web server ended without being asked: exit non-zero, so a supervisor sees the failure and restarts us.
  server.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`[outgate] the web server exited (${signal ?? `code ${code}`}); stopping`);
    void stop(code || 1);
  });
}

main().catch((error) => {
  console.error(`[outgate] failed to start: ${(error as Error).message}`);
  process.exit(1);
});
