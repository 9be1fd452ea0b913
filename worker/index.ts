/**
 * `npm run worker`: the drain loop as a plain Node process, to scale delivery out beside (or instead of, with
 * OUTGATE_INPROCESS_WORKER=false) the web server. Any number may run against the same database.
 */
import os from "node:os";
import path from "node:path";
import { disconnectDb } from "../lib/platform/db";
import { getEnv } from "../lib/platform/env";
import { describeHostName, getHostName } from "../lib/platform/host-name";
import { log } from "../lib/platform/log";
import { closeAllTransports } from "../lib/engine/delivery/transport-pool";
import { startDrainLoop } from "../lib/engine/queue/drain-loop";
import { startGatewayProber } from "../lib/engine/routing/start-gateway-prober";
import { startAuditedQueueActionRunner } from "../lib/start-up/start-audited-queue-action-runner";
import { applyLocalSecrets, readEmbeddedDatabaseUrl, resolveDataDir } from "../lib/platform/local-defaults";

/** Beside `npm start` on one machine, the worker finds the embedded database and secrets in the data folder. */
function applyLocalDefaults(): void {
  const dataDir = resolveDataDir(path.resolve(__dirname, ".."));
  applyLocalSecrets(dataDir);
  process.env.DATABASE_URL ||= readEmbeddedDatabaseUrl(dataDir) ?? "";
}

async function main(): Promise<void> {
  applyLocalDefaults();
  // Fails fast on a missing DATABASE_URL or OUTGATE_SECRET_KEY (needed to open gateway passwords).
  const env = getEnv();
  // Resolved once, before the first EHLO; a name strict gateways refuse is said here, not found in a bounce.
  const hostName = await getHostName();
  (hostName.qualified ? console.log : console.warn)(describeHostName(hostName));
  const workerId = `${os.hostname()}:${process.pid}`;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log("info", "worker.stopping", { workerId, signal });
    // Finish and record the batch in flight: its messages are leased and would otherwise wait for the lease.
    await Promise.all([loop.stop(), prober?.stop(), actions.stop()]);
    closeAllTransports();
    await disconnectDb();
    process.exit(0);
  };
  // Before anything is started, in the same synchronous run: a stop that comes the moment the drain loop has said it
  // started must find its handler (without one, SIGTERM ends the process at once, with no graceful stop).
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  const loop = startDrainLoop({ workerId, connectionString: env.DATABASE_URL });
  // Any number of workers share the probes: one probes each gateway per interval (a lease in gateway_health).
  const prober = env.OUTGATE_PROBE_INTERVAL_SECONDS > 0 ? startGatewayProber({ intervalSeconds: env.OUTGATE_PROBE_INTERVAL_SECONDS, workerId }) : null;
  // Bulk queue actions (issue 14): any worker (or the web process) may run a job; its lease keeps it to one.
  const actions = startAuditedQueueActionRunner({ workerId });
}

main().catch((error: unknown) => {
  console.error(`[outgate] worker failed to start: ${(error as Error).message}`);
  process.exit(1);
});
