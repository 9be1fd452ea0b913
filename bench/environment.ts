import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../lib/platform/embedded-postgres";
import { findFreePort } from "../lib/platform/free-port";
import { applyMigrations } from "../prisma/migrator";
import { ROOT, sleep, track } from "./children";
import { BENCH_DOMAIN } from "./message-template";

export type BenchEnvironment = {
  workDir: string;
  database: EmbeddedDatabase;
  sql: pg.Pool;
  /** What every Outgate process (server, workers) gets. */
  outgateEnv: Record<string, string | undefined>;
  apiKey: string;
};

/** A fresh embedded PostgreSQL (fsync and synchronous_commit left at their defaults: on), migrated. */
export async function startDatabase(workDir: string): Promise<{ database: EmbeddedDatabase; sql: pg.Pool }> {
  const database = await startEmbeddedPostgres({ dataDir: path.join(workDir, "postgres") });
  await applyMigrations(database.url);
  const sql = new pg.Pool({ connectionString: database.url, max: 4 });
  return { database, sql };
}

/** The durability settings actually in force, printed with the results: the submit figure means nothing without them. */
export async function durabilitySettings(sql: pg.Pool): Promise<Record<string, string>> {
  const { rows } = await sql.query<{ name: string; setting: string }>(
    `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method', 'full_page_writes') ORDER BY name`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
}

/** The hosted sender domain, one round-robin gateway per sink, and an API key for the domain. */
export async function seed(sql: pg.Pool, sinkPorts: number[]): Promise<string> {
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO domains (id, name, updated_at) VALUES (gen_random_uuid(), $1, now()) RETURNING id`,
    [BENCH_DOMAIN],
  );
  for (const [index, port] of sinkPorts.entries()) {
    await sql.query(
      `INSERT INTO gateways (id, description, address, port, encryption, enabled, type, updated_at)
       VALUES (gen_random_uuid(), $1, '127.0.0.1', $2, 'NONE', true, 'ROUND_ROBIN', now())`,
      [`bench sink ${index + 1}`, port],
    );
  }
  const key = "og_" + randomBytes(32).toString("base64url");
  const keyId = (
    await sql.query<{ id: string }>(
      `INSERT INTO api_keys (id, name, prefix, key_hash) VALUES (gen_random_uuid(), 'bench', $1, $2) RETURNING id`,
      [key.slice(0, 10), createHash("sha256").update(key).digest("hex")],
    )
  ).rows[0].id;
  await sql.query(`INSERT INTO api_key_domains (api_key_id, domain_id) VALUES ($1, $2)`, [keyId, rows[0].id]);
  return key;
}

export function outgateEnvironment(databaseUrl: string): Record<string, string | undefined> {
  return {
    DATABASE_URL: databaseUrl,
    OUTGATE_SECRET_KEY: randomBytes(32).toString("hex"),
    NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
    OUTGATE_INPROCESS_WORKER: "false",
    // The web servers take mail over HTTP only: a BENCH_COMPARE run starts two of them (they would fight over port
    // 2587), and the SMTP figure starts its own listener process.
    OUTGATE_SMTP_ENABLED: "false",
    OUTGATE_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
    OUTGATE_ADMIN_EMAIL: "bench@bench.example",
    OUTGATE_ADMIN_PASSWORD: randomBytes(12).toString("hex"),
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

/** `next build` once in `root`, as `npm start` would, when it has no production build yet. */
export function ensureProductionBuild(root = ROOT): void {
  if (fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return;
  console.log(`[bench] no production build in ${root}; running next build`);
  const build = spawnSync(path.join(root, "node_modules", ".bin", "next"), ["build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) throw new Error("next build failed");
}

export type Server = { url: string; child: ChildProcess };

/**
 * The product's web server (scripts/web-server.ts of `root`, as `npm start` runs it) on loopback, without the
 * in-process worker; resolves once /api/health answers.
 */
export async function startServer(env: Record<string, string | undefined>, logFile: string, root = ROOT): Promise<Server> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const out = fs.openSync(logFile, "a");
  // BENCH_SERVER_NODE_ARGS: e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where a request's time goes.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", path.join(root, "scripts", "web-server.ts")], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
      NEXTAUTH_URL: url,
      NODE_ENV: "production",
    },
    stdio: ["ignore", out, out],
  });
  track(child);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the web server exited (${child.exitCode}); see ${logFile}`);
    if ((await healthStatus(url)) === 200) return { url, child };
    await sleep(200);
  }
  throw new Error(`the server did not become healthy in 60 s; see ${logFile}`);
}

function healthStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(`${url}/api/health`, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", () => resolve(0));
    request.setTimeout(5_000, () => request.destroy());
  });
}

/** Empties the queue between runs (TRUNCATE, so no dead rows from the last run slow the next one). */
export async function truncateQueue(sql: pg.Pool): Promise<void> {
  await sql.query(`TRUNCATE messages, message_search_texts, message_recipients, delivery_attempts`);
  await sql.query(`UPDATE round_robin_cursor SET position = 0`);
  await sql.query(`DELETE FROM gateway_health`);
}
