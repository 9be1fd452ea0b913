import { runStatement } from "../../../platform/db";
import type { QueueActionJobView } from "../../../validation/queue-action";

/** A bulk job's progress as the bulk bar and the API show it; null when there is no such job. */
export async function readQueueActionJob(id: string): Promise<QueueActionJobView | null> {
  const [row] = await runStatement<Omit<QueueActionJobView, "createdAt" | "finishedAt"> & { createdAt: Date; finishedAt: Date | null }>(
    `SELECT id::text, action, status, total, done, changed, error, created_by AS "createdBy", created_at AS "createdAt",
            finished_at AS "finishedAt"
       FROM queue_action_jobs WHERE id = $1::uuid`,
    [id],
  );
  if (!row) return null;
  return { ...row, createdAt: row.createdAt.toISOString(), finishedAt: row.finishedAt?.toISOString() ?? null };
}
