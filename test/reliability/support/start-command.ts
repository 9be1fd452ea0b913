import fs from "node:fs";
import path from "node:path";
import { findFreePort } from "../../../lib/platform/free-port";
import { ROOT } from "./outgate";
import { startProcess, tail, type TrackedProcess } from "./processes";
import { waitFor } from "./wait";

/** The line scripts/start.ts's server prints while no admin exists (lib/start-up/server-startup.ts). */
const SETUP_TOKEN_LINE = /one-time setup token: (\S+)/g;

export type StartedOutgate = { process: TrackedProcess; baseUrl: string; log: () => string; setupTokens: () => string[] };

/**
 * Outgate started by a command the README gives (`npm start`, `node --import tsx scripts/start.ts`), in the
 * checkout, with its data folder in `dataDir` (OUTGATE_DATA_DIR) and no configuration from the test's own
 * environment but `extraEnv`; resolves once /api/health answers 200.
 */
export async function startAsDocumented(
  root: string,
  dataDir: string,
  name: string,
  [command, ...args]: string[],
  extraEnv: Record<string, string> = {},
): Promise<StartedOutgate> {
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("Run `npm run build` first: the start script would build on its own.");
  const port = await findFreePort();
  const started = startProcess(name, command, args, { cwd: ROOT, env: documentedEnv(dataDir, port, extraEnv), logFile: path.join(root, `${name}.log`) });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(
    `${name} healthy on ${baseUrl}`,
    async () => {
      if (!started.isRunning()) throw new Error(`${command} exited:\n${tail(started.logText())}`);
      return (await fetch(`${baseUrl}/api/health`)).ok;
    },
    { timeoutMs: 120_000, intervalMs: 250 },
  ).catch(async (error: Error) => {
    await started.stop();
    throw new Error(`${error.message}\n${tail(started.logText())}`);
  });
  return {
    process: started,
    baseUrl,
    log: () => started.logText(),
    setupTokens: () => [...started.logText().matchAll(SETUP_TOKEN_LINE)].map((match) => match[1]),
  };
}

/**
 * The environment a README command runs with: this machine's, without the test runner's own settings (VITEST*,
 * OUTGATE_*, NEXTAUTH*, DATABASE_URL, NODE_ENV), with the data folder and port given, and `extraEnv`.
 */
export function documentedEnv(dataDir: string, port: number, extraEnv: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|OUTGATE_|NEXTAUTH)/.test(key) || key === "DATABASE_URL" || key === "NODE_ENV") continue;
    env[key] = value;
  }
  return Object.assign(env, { OUTGATE_DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1" }, extraEnv) as unknown as NodeJS.ProcessEnv;
}

/** True while any process of the group `pid` leads (npm, the start script, the web server, PostgreSQL) still runs. */
export function groupIsRunning(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The embedded PostgreSQL's postmaster pid, or null when it shut down cleanly (it removes its pid file then). */
export function postmasterPid(dataDir: string): number | null {
  const file = path.join(dataDir, "postgres", "postmaster.pid");
  return fs.existsSync(file) ? Number(fs.readFileSync(file, "utf8").split("\n")[0]) : null;
}
