import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../lib/platform/embedded-postgres";
import { applyMigrations } from "../prisma/migrator";

let database: EmbeddedDatabase | undefined;
let dataRoot: string | undefined;

/** One real PostgreSQL for the whole unit/integration run, migrated with the project's own migrator. */
export async function setup() {
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
