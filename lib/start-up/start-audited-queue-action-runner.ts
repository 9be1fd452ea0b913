import { startQueueActionRunner, type QueueActionRunner } from "../engine/queue/actions/start-queue-action-runner";
import { auditSettledPendingAction } from "../console/queue/audit-settled-pending-action";

/**
 * The queue action runner (lib/engine/queue/actions) with the console's audit of the pending actions it applies or
 * drops: the engine may not know the console, so the entry points — the web process and `npm run worker` — join them
 * here.
 */
export function startAuditedQueueActionRunner({ workerId }: { workerId: string }): QueueActionRunner {
  return startQueueActionRunner({ workerId, onPendingSettled: auditSettledPendingAction });
}
