"use client";

import type { MoveTarget } from "@/lib/console/queue/list-move-targets";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { QueueActionDialog, type QueueActionChoice } from "@/components/messages/queue-action-dialog";
import { showActionResult, toast } from "@/components/ui/toast-result";
import type { MessageFilter } from "@/lib/validation/message-filter";
import { QUEUE_ACTION_LABELS, QUEUE_ACTIONS, type QueueActionJobView, type QueueActionName } from "@/lib/validation/queue-action";
import type { BulkQueueActions } from "./bulk-actions";

const POLL_MS = 500;

type Asking = { action: QueueActionName; count: number; gateways?: MoveTarget[] };

/**
 * The Messages page's bulk queue actions: on the checked messages (`selectedIds`) when there are some, else on
 * every message matching the page's filter (`matchingCount` of them, as the page counted). Each action first
 * asks, with the exact number it will touch (only messages in a status it applies to); a selection is done when
 * the confirmation closes, a filter runs as a job in the engine whose progress shows here, with Cancel. `actions`:
 * the server actions of bulk-actions.ts, handed down from the page (client code never imports an actions file).
 */
export function BulkActionBar({
  filter,
  selectedIds,
  matchingCount,
  actions,
  onDone,
}: {
  filter: MessageFilter;
  selectedIds: string[];
  matchingCount: number;
  actions: BulkQueueActions;
  /** Called when a job has ended (finished, cancelled or failed): the page shows the new state of its rows. */
  onDone?: () => void;
}) {
  const { countBulkQueueActionAction, startBulkQueueActionAction, getBulkQueueActionAction, cancelBulkQueueActionAction, listMoveTargetsAction } = actions;
  const router = useRouter();
  const [asking, setAsking] = useState<Asking | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useState<QueueActionJobView | null>(null);
  const bySelection = selectedIds.length > 0;
  const target = bySelection ? { ids: selectedIds } : { filter };

  const ask = async (action: QueueActionName) => {
    setBusy(true);
    const [counted, targets] = await Promise.all([
      countBulkQueueActionAction({ action, ...target, ...(action === "move" ? { gatewayId: null } : {}) }),
      action === "move" ? listMoveTargetsAction({}) : Promise.resolve(null),
    ]);
    setBusy(false);
    if (!counted.ok) return void toast.error(counted.message);
    if (counted.data === 0) return void toast.info(`No ${bySelection ? "selected" : "matching"} message can be given “${QUEUE_ACTION_LABELS[action]}”.`);
    setError(null);
    setAsking({ action, count: counted.data, gateways: targets?.ok ? targets.data : undefined });
  };

  const start = async (choice: QueueActionChoice) => {
    setBusy(true);
    const result = await startBulkQueueActionAction({ ...choice, ...target });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setAsking(null);
    const progress = await getBulkQueueActionAction({ jobId: result.data.jobId });
    if (progress.ok) setJob(progress.data);
  };

  // Poll a running job until it ends; then say how it went and show the page's new state.
  useEffect(() => {
    if (!job || job.status !== "running") return;
    const timer = setTimeout(async () => {
      const progress = await getBulkQueueActionAction({ jobId: job.id });
      if (progress.ok) setJob(progress.data);
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job, getBulkQueueActionAction]);
  useEffect(() => {
    if (!job || job.status === "running") return;
    const verb = QUEUE_ACTION_LABELS[job.action];
    if (job.status === "finished") toast.success(`${verb}: done for ${job.changed.toLocaleString("en")} messages.`);
    else if (job.status === "cancelled") toast.info(`${verb}: cancelled after ${job.done.toLocaleString("en")} of ${job.total.toLocaleString("en")} messages.`);
    else toast.error(`${verb} failed: ${job.error ?? "unknown error"}`);
    router.refresh();
    onDone?.();
  }, [job?.status]); // eslint-disable-line react-hooks/exhaustive-deps

  const cancel = async () => {
    if (!job) return;
    const result = await cancelBulkQueueActionAction({ jobId: job.id });
    if (showActionResult(result, "Cancelling…")) setJob(result.data);
  };

  const running = job?.status === "running";
  const scope = bySelection ? `${selectedIds.length.toLocaleString("en")} selected` : `all ${matchingCount.toLocaleString("en")} matching`;
  return (
    <div className="toolbar bulk-action-bar" data-testid="bulk-action-bar" aria-label="Bulk queue actions" role="toolbar">
      <span data-testid="bulk-scope">Act on {scope}:</span>
      {QUEUE_ACTIONS.map((action) => (
        <button
          key={action}
          type="button"
          className={action === "delete" || action === "bounce" ? "btn btn-small btn-danger" : "btn btn-small"}
          disabled={busy || running || (!bySelection && matchingCount === 0)}
          onClick={() => void ask(action)}
          data-testid={`bulk-${action}`}
        >
          {QUEUE_ACTION_LABELS[action]}
        </button>
      ))}
      {job && (
        <span className="bulk-progress" data-testid="bulk-progress" data-status={job.status} data-done={job.done} data-total={job.total}>
          <progress max={Math.max(job.total, 1)} value={Math.min(job.done, job.total)} aria-label={`${QUEUE_ACTION_LABELS[job.action]} progress`} />{" "}
          {QUEUE_ACTION_LABELS[job.action]}: {Math.min(job.done, job.total).toLocaleString("en")} / {job.total.toLocaleString("en")} {job.status === "running" ? "" : `(${job.status})`}
          {running && (
            <button type="button" className="btn btn-small" onClick={() => void cancel()} data-testid="bulk-cancel">
              Cancel
            </button>
          )}
        </span>
      )}
      {asking && (
        <QueueActionDialog
          action={asking.action}
          subject={`${asking.count.toLocaleString("en")} ${asking.count === 1 ? "message" : "messages"}`}
          gateways={asking.gateways}
          pending={busy}
          error={error}
          onConfirm={(choice) => void start(choice)}
          onCancel={() => setAsking(null)}
        />
      )}
    </div>
  );
}
