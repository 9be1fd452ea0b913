import { runStatement } from "../../../platform/db";

/**
 * Cancels a running bulk job: the runner stops before its next batch (a batch in flight, at most one statement of
 * BATCH_SIZE messages, finishes; what it changed stays changed). Returns false when the job was not running.
 */
export async function cancelQueueActionJob(id: string): Promise<boolean> {
  const rows = await runStatement<{ id: string }>(
    `UPDATE queue_action_jobs SET status = 'cancelled', finished_at = now(), updated_at = now()
      WHERE id = $1::uuid AND status = 'running' RETURNING id::text`,
    [id],
  );
  return rows.length > 0;
}
