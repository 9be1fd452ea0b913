import { log } from "../../../platform/log";
import { startTicker, type Ticker } from "../../../platform/start-ticker";
import { applyPendingActions, type SettledPendingAction } from "./apply-pending-actions";
import { runQueueActionJob } from "./run-queue-action-job";

export type QueueActionRunner = Ticker;

/**
 * Runs bulk queue action jobs (run-queue-action-job.ts) in this process, one at a time, looking for one every
 * `tickMs`; and sweeps actions left pending on messages whose lease is over (a worker crashed between recording
 * its outcome and applying them). Started beside the drain loop in the web process and in every worker: any of
 * them can take a job, the job's lease keeps it to one. `onPendingSettled` hears of each pending action applied or
 * dropped (the entry points pass the console's audit). Never throws; errors are logged and the next tick tries.
 */
export function startQueueActionRunner({
  workerId,
  tickMs = 1_000,
  onPendingSettled,
}: {
  workerId: string;
  tickMs?: number;
  onPendingSettled?: (settled: SettledPendingAction) => Promise<void>;
}): QueueActionRunner {
  return startTicker(tickMs, async (isStopped) => {
    try {
      await applyPendingActions(onPendingSettled);
      // Jobs back to back while there are some; the next tick otherwise.
      while (!isStopped() && (await runQueueActionJob({ shouldStop: isStopped })) !== null);
    } catch (error) {
      log("error", "queue_action.runner_failed", { workerId, error });
    }
  });
}
