import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { cancelQueueActionJob } from "../../engine/queue/actions/cancel-queue-action-job";
import { readQueueActionJob } from "../../engine/queue/actions/read-queue-action-job";
import type { QueueActionJobView } from "../../validation/queue-action";
import { recordAudit, type AuditActor } from "../audit/record-audit";

/**
 * Cancels a running bulk job (the batch in flight finishes) and answers its state. Audited as queue.bulk_cancel with
 * how far it got. Throws AppError not_found for no such job; a job already over is answered as it is.
 */
export async function cancelBulkQueueAction({ jobId, actor }: { jobId: string; actor: AuditActor }): Promise<QueueActionJobView> {
  const cancelled = await cancelQueueActionJob(jobId);
  const job = await readQueueActionJob(jobId);
  if (!job) throw new AppError("not_found", "There is no such bulk action.");
  if (cancelled) {
    await recordAudit(getDb(), { actor, action: "queue.bulk_cancel", target: { type: "queue", id: jobId, label: `bulk ${job.action}` }, detail: { done: job.done, total: job.total } });
  }
  return job;
}
