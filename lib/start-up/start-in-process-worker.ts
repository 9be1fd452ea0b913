import { getEnv } from "../platform/env";
import { startDrainLoop, type DrainLoop } from "../engine/queue/drain-loop";
import { getProcessSingleton } from "../platform/process-singleton";

/** The running loop, if any: one per process, whichever module copy started it. */
const holder = getProcessSingleton("outgate.start-up.drain-loop", (): { loop?: DrainLoop } => ({}));

/**
 * Starts the drain loop inside the web server unless OUTGATE_INPROCESS_WORKER=false. Held per process, so dev
 * reloads, repeated instrumentation calls and a second module copy never start a second loop.
 */
export function startInProcessWorker(): DrainLoop | null {
  if (!getEnv().OUTGATE_INPROCESS_WORKER) return null;
  holder.loop ??= startDrainLoop({ workerId: `web:${process.pid}`, connectionString: getEnv().DATABASE_URL });
  return holder.loop;
}

/** Stops the in-process loop after its batch in flight (server shutdown). */
export async function stopInProcessWorker(): Promise<void> {
  const loop = holder.loop;
  holder.loop = undefined;
  await loop?.stop();
}
