import { randomUUID } from "node:crypto";
import { runStatement } from "../../../platform/db";
import { log } from "../../../platform/log";
import { messageFilterSchema } from "../../../validation/message-filter";
import type { QueueActionName } from "../../../validation/queue-action";
import { applyQueueAction } from "./apply-queue-action";
import type { QueueActionRequest } from "./queue-action-request";
import { buildActionTargetWhere } from "./queue-action-target-sql";

/** Messages per batch: one locking transaction of applyQueueAction. */
export const QUEUE_ACTION_BATCH_SIZE = 1_000;
/** Message ids per window of the filter's walk (see selectBatch): at most a batch matches in one. */
const WINDOW_SIZE = QUEUE_ACTION_BATCH_SIZE;
/** A runner holds a job this long past its last batch; a crashed runner's job is taken over after it. */
const JOB_LEASE_SECONDS = 30;

type JobRow = {
  id: string;
  action: QueueActionName;
  params: { reason: string | null; gatewayId: string | null };
  filter: Record<string, string> | null;
  ids: string[] | null;
  cursor: string | null;
  createdBy: string;
  createdAt: Date;
};

const JOB_COLUMNS = `id::text, action, params, filter, ids::text[] AS ids, cursor::text AS cursor, created_by AS "createdBy", created_at AS "createdAt"`;

/**
 * Takes one running job no live runner holds (the oldest; `id` to take that one) and runs it batch by batch to
 * its end: finished, cancelled (cancelQueueActionJob, seen before each batch) or failed (the error recorded).
 * Any process may run jobs; the job's lease (lease_token, lease_until, pushed forward by every batch) keeps two
 * from running one job, and a crashed runner's job is resumed from its cursor by the next. Each batch is a
 * keyset page by message id after the cursor, handed to applyQueueAction (lease-safe: see its docstring).
 * Returns the job's id, or null when no job was waiting.
 */
export async function runQueueActionJob({ id, onBatch, shouldStop }: { id?: string; onBatch?: (done: number) => void; shouldStop?: () => boolean } = {}): Promise<string | null> {
  const leaseToken = randomUUID();
  const [job] = await runStatement<JobRow>(
    `UPDATE queue_action_jobs SET lease_token = $1::uuid, lease_until = now() + make_interval(secs => $2), updated_at = now()
      WHERE id = (SELECT id FROM queue_action_jobs
                   WHERE status = 'running' AND (lease_until IS NULL OR lease_until < now()) ${id ? "AND id = $3::uuid" : ""}
                   ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING ${JOB_COLUMNS}`,
    id ? [leaseToken, JOB_LEASE_SECONDS, id] : [leaseToken, JOB_LEASE_SECONDS],
  );
  if (!job) return null;
  const request: QueueActionRequest = { action: job.action, reason: job.params.reason, gatewayId: job.params.gatewayId, actor: job.createdBy };
  let cursor = job.cursor;
  try {
    for (;;) {
      if (shouldStop?.()) {
        // This process is shutting down: hand the job over at once, the next runner resumes at the cursor.
        await runStatement(`UPDATE queue_action_jobs SET lease_token = NULL, lease_until = NULL WHERE id = $1::uuid AND lease_token = $2::uuid`, [job.id, leaseToken]);
        return job.id;
      }
      const { ids, windowEnd } = await selectBatch(job, cursor);
      if (windowEnd === null) {
        await runStatement(
          `UPDATE queue_action_jobs SET status = 'finished', finished_at = now(), lease_token = NULL, lease_until = NULL, updated_at = now()
            WHERE id = $1::uuid AND lease_token = $2::uuid AND status = 'running'`,
          [job.id, leaseToken],
        );
        return job.id;
      }
      const outcome = ids.length > 0 ? await applyQueueAction(ids, request) : { changed: [], pending: [], skipped: [] };
      cursor = windowEnd;
      const [progress] = await runStatement<{ status: string; done: number }>(
        `UPDATE queue_action_jobs
            SET done = done + $3, changed = changed + $4, cursor = $5::uuid,
                lease_until = now() + make_interval(secs => $6), updated_at = now()
          WHERE id = $1::uuid AND lease_token = $2::uuid
          RETURNING status, done`,
        [job.id, leaseToken, ids.length, outcome.changed.length + outcome.pending.length, cursor, JOB_LEASE_SECONDS],
      );
      onBatch?.(progress?.done ?? 0);
      // Cancelled meanwhile, or the lease passed to another runner (this one stalled): stop here.
      if (!progress || progress.status !== "running") return job.id;
    }
  } catch (error) {
    log("error", "queue_action.job_failed", { jobId: job.id, action: job.action, error });
    await runStatement(
      `UPDATE queue_action_jobs SET status = 'failed', error = $3, finished_at = now(), lease_token = NULL, lease_until = NULL, updated_at = now()
        WHERE id = $1::uuid AND lease_token = $2::uuid AND status = 'running'`,
      [job.id, leaseToken, error instanceof Error ? error.message : String(error)],
    ).catch(() => {});
    return job.id;
  }
}

/**
 * The next batch after `cursor` in message id order, and where it ends (null: nothing left). A selection: the next
 * BATCH_SIZE of its ids. A filter: the messages matching it among the next WINDOW_SIZE ids of the primary key —
 * a range read that costs the same on every batch. Asking for "the next 1,000 matching, ORDER BY id" instead let
 * the planner scan the whole table on each batch (bench: 1,000,000 messages, a parallel seq scan per batch), and a
 * status index cannot give id order.
 */
async function selectBatch(job: JobRow, cursor: string | null): Promise<{ ids: string[]; windowEnd: string | null }> {
  if (job.ids) {
    const ids = job.ids.filter((id) => cursor === null || id > cursor).slice(0, QUEUE_ACTION_BATCH_SIZE);
    return { ids, windowEnd: ids.at(-1) ?? null };
  }
  const filter = messageFilterSchema.parse(job.filter ?? {});
  const { where, values } = buildActionTargetWhere(job.action, filter, job.createdAt);
  const next = values.length + 1;
  const [row] = await runStatement<{ windowEnd: string | null; ids: string[] }>(
    `WITH w AS MATERIALIZED (
       SELECT id FROM messages ${cursor ? `WHERE id > $${next + 1}::uuid` : ""} ORDER BY id LIMIT $${next})
     SELECT (SELECT id::text FROM w ORDER BY id DESC LIMIT 1) AS "windowEnd",
            coalesce((SELECT array_agg(m.id::text ORDER BY m.id) FROM messages AS m WHERE m.id IN (SELECT id FROM w) AND ${where}), '{}') AS ids`,
    [...values, WINDOW_SIZE, ...(cursor ? [cursor] : [])],
  );
  return row;
}
