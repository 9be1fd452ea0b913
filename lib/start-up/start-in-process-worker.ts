import { getEnv } from "../platform/env";
import { startDrainLoop, type DrainLoop } from "../engine/queue/drain-loop";
import { startGatewayProber, type GatewayProber } from "../engine/routing/start-gateway-prober";
import type { QueueActionRunner } from "../engine/queue/actions/start-queue-action-runner";
import { getProcessSingleton } from "../platform/process-singleton";
import { startAuditedQueueActionRunner } from "./start-audited-queue-action-runner";

/** The running loop and gateway prober, if any: one each per process, whichever module copy started them. */
const holder = getProcessSingleton("outgate.start-up.drain-loop", (): { loop?: DrainLoop; prober?: GatewayProber | null; actions?: QueueActionRunner } => ({}));

/**
 * Starts the drain loop (and the gateway health prober, unless OUTGATE_PROBE_INTERVAL_SECONDS=0) inside the web
 * server unless OUTGATE_INPROCESS_WORKER=false. Held per process, so dev reloads, repeated instrumentation calls and
 * a second module copy never start a second loop.
 */
export function startInProcessWorker(): DrainLoop | null {
  const env = getEnv();
  if (!env.OUTGATE_INPROCESS_WORKER) return null;
  const workerId = `web:${process.pid}`;
  holder.loop ??= startDrainLoop({ workerId, connectionString: env.DATABASE_URL });
  holder.prober ??= env.OUTGATE_PROBE_INTERVAL_SECONDS > 0 ? startGatewayProber({ intervalSeconds: env.OUTGATE_PROBE_INTERVAL_SECONDS, workerId }) : null;
  // Bulk queue actions (issue 14) run in any process that runs the drain loop.
  holder.actions ??= startAuditedQueueActionRunner({ workerId });
  return holder.loop;
}

/** Stops the in-process loop after its batch in flight, and the prober after its probe in flight (server shutdown). */
export async function stopInProcessWorker(): Promise<void> {
  const { loop, prober, actions } = holder;
  holder.loop = undefined;
  holder.prober = undefined;
  holder.actions = undefined;
  await Promise.all([loop?.stop(), prober?.stop(), actions?.stop()]);
}
