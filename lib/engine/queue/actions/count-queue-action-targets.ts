import { runStatement } from "../../../platform/db";
import type { MessageFilter } from "../../../validation/message-filter";
import { QUEUE_ACTION_STATUSES, type QueueActionName } from "../../../validation/queue-action";
import { buildActionTargetWhere } from "./queue-action-target-sql";

/**
 * How many messages a bulk action would touch now: those matching the filter (or among `ids`) in a status the
 * action applies to. What the confirmation says before the admin starts a job. Exact (no cap): counting a million
 * queued rows is an index scan of well under a second.
 */
export async function countQueueActionTargets(action: QueueActionName, target: { ids: string[] } | { filter: MessageFilter }, now = new Date()): Promise<number> {
  if ("ids" in target) {
    const [row] = await runStatement<{ count: string }>(
      `SELECT count(*)::text AS count FROM messages WHERE id = ANY($1::uuid[]) AND status::text = ANY($2::text[])`,
      [target.ids, QUEUE_ACTION_STATUSES[action]],
    );
    return Number(row.count);
  }
  const { where, values } = buildActionTargetWhere(action, target.filter, now);
  const [row] = await runStatement<{ count: string }>(`SELECT count(*)::text AS count FROM messages AS m WHERE ${where}`, values);
  return Number(row.count);
}
