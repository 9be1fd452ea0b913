import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "../../../lib/platform/free-port";
import { startProcess, tail, type TrackedProcess } from "./processes";
import { sleep } from "./wait";

/** The checkout the suite runs in (the production build is read from its .next folder). */
export const ROOT = path.resolve(__dirname, "..", "..", "..");

export const SECRET_KEY = "5e".repeat(32);
export const NEXTAUTH_SECRET = "reliability-nextauth-secret-reliability-nextauth";
export const WORKER_TOKEN = "reliability-worker-token-0123456789";
/** Set, so /api/metrics is enabled and the authorization sweep checks that it refuses strangers (401, not 404). */
export const METRICS_TOKEN = "reliability-metrics-token-0123456789";

/** A fresh folder under the OS temp dir, enterable by the `postgres` user embedded Postgres runs as under root. */
export function makeTempRoot(name: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `outgate-reliability-${name}-`));
  fs.chmodSync(root, 0o755);
  return root;
}

/** The environment every Outgate process gets: the test runner's own NODE_ENV/VITEST must not leak in. */
export function productEnv(databaseUrl: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith("VITEST") || name.startsWith("OUTGATE_") || name.startsWith("NEXTAUTH") || name === "DATABASE_URL") continue;
    env[name] = value;
  }
  return {
    ...env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    OUTGATE_SECRET_KEY: SECRET_KEY,
    NEXTAUTH_SECRET,
    OUTGATE_WORKER_TOKEN: WORKER_TOKEN,
    OUTGATE_METRICS_TOKEN: METRICS_TOKEN,
    OUTGATE_LOG_LEVEL: "info",
    // The SMTP listener's default ports are fixed (2587/2465): servers of parallel suites would fight over them. A test
    // that wants SMTP turns it on with ports of its own (support/smtp-listener.ts).
    OUTGATE_SMTP_ENABLED: "false",
    ...extra,
  };
}

export type OutgateServer = { baseUrl: string; process: TrackedProcess; stop(): Promise<void> };

/** The product's web server (scripts/web-server.ts, as `npm start` runs it) on the production build against `databaseUrl`; resolves once /api/health answers 200. */
export async function startServer(
  root: string,
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<OutgateServer> {
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("Run `npm run build` before the reliability suite.");
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = startProcess("server", process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "web-server.ts")], {
    cwd: ROOT,
    env: productEnv(databaseUrl, { NEXTAUTH_URL: baseUrl, OUTGATE_INPROCESS_WORKER: "false", PORT: String(port), HOST: "127.0.0.1", ...extraEnv }),
    logFile: path.join(root, "server.log"),
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!server.isRunning()) throw new Error(`The server exited during start-up:\n${tail(server.logText())}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`The server did not become healthy:\n${tail(server.logText())}`);
    }
    await sleep(200);
  }
  return { baseUrl, process: server, stop: () => server.stop() };
}

let workerCount = 0;

/**
 * `npm run worker` (worker/index.ts) as one Node process (tsx loaded with --import rather than the tsx CLI,
 * which would put a second process between the test and the worker it kills).
 */
export function startWorker(root: string, databaseUrl: string, extraEnv: Record<string, string> = {}): TrackedProcess {
  workerCount += 1;
  return startProcess(`worker-${workerCount}`, process.execPath, ["--import", "tsx", "worker/index.ts"], {
    cwd: ROOT,
    env: productEnv(databaseUrl, extraEnv),
    logFile: path.join(root, `worker-${workerCount}.log`),
  });
}

/** Deletes a temp root unless RELIABILITY_KEEP is set (then its logs stay for a post-mortem). */
export function removeTempRoot(root: string | undefined): void {
  if (!root) return;
  if (process.env.RELIABILITY_KEEP) console.log(`[reliability] kept ${root}`);
  else fs.rmSync(root, { recursive: true, force: true });
}
