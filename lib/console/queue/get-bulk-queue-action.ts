import { AppError } from "../../platform/errors";
import { readQueueActionJob } from "../../engine/queue/actions/read-queue-action-job";
import type { QueueActionJobView } from "../../validation/queue-action";

/** A bulk job's progress; throws AppError not_found for no such job (or an id that is not a UUID). */
export async function getBulkQueueAction(jobId: string): Promise<QueueActionJobView> {
  const job = /^[0-9a-f-]{36}$/i.test(jobId) ? await readQueueActionJob(jobId) : null;
  if (!job) throw new AppError("not_found", "There is no such bulk action.");
  return job;
}
