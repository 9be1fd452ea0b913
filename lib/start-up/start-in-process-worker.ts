import { getEnv } from "../platform/env";
import { startDrainLoop, type DrainLoop } from "../engine/queue/drain-loop";

const holder = globalThis as unknown as { outgateDrainLoop?: DrainLoop };

/**
 * Starts the drain loop inside the web server unless OUTGATE_INPROCESS_WORKER=false. Kept on globalThis so dev
 * reloads and repeated instrumentation calls never start a second loop in one process.
 */
export function startInProcessWorker(): DrainLoop | null {
  if (!getEnv().OUTGATE_INPROCESS_WORKER) return null;
  holder.outgateDrainLoop ??= startDrainLoop({ workerId: `web:${process.pid}`, connectionString: getEnv().DATABASE_URL });
  return holder.outgateDrainLoop;
}

/** Stops the in-process loop after its batch in flight (server shutdown). */
export async function stopInProcessWorker(): Promise<void> {
  const loop = holder.outgateDrainLoop;
  holder.outgateDrainLoop = undefined;
  await loop?.stop();
}
