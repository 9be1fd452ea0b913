import { runStatement } from "../../../platform/db";
import { toMessageFilterSearchParams, type MessageFilter } from "../../../validation/message-filter";
import { countQueueActionTargets } from "./count-queue-action-targets";
import type { QueueActionRequest } from "./queue-action-request";

/**
 * Records a bulk action as a job (queue_action_jobs, status running) for the runner to execute in batches
 * (run-queue-action-job.ts), with its total counted now. The filter is stored in its URL form, so the job
 * reads it back through the one schema. Returns the job's id and total.
 */
export async function createQueueActionJob(request: QueueActionRequest, target: { ids: string[] } | { filter: MessageFilter }): Promise<{ id: string; total: number }> {
  const now = new Date();
  const total = await countQueueActionTargets(request.action, target, now);
  const filter = "filter" in target ? Object.fromEntries(toMessageFilterSearchParams(target.filter)) : null;
  const ids = "ids" in target ? [...new Set(target.ids)].sort() : null;
  const [row] = await runStatement<{ id: string }>(
    `INSERT INTO queue_action_jobs (action, params, filter, ids, total, created_by, created_at, updated_at)
     VALUES ($1, $2::jsonb, $3::jsonb, $4::uuid[], $5, $6, $7, $7)
     RETURNING id::text`,
    [request.action, JSON.stringify({ reason: request.reason ?? null, gatewayId: request.gatewayId ?? null }), filter && JSON.stringify(filter), ids, total, request.actor, now],
  );
  return { id: row.id, total };
}
