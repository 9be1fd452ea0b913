import { QUEUE_ACTION_STATUSES, type QueueActionName } from "../../../validation/queue-action";
import type { MessageFilter } from "../../../validation/message-filter";
import { buildMessageFilterWhere } from "../select-messages-by-filter";

/**
 * The WHERE of the messages a bulk action touches, over `messages AS m`: the filter, the statuses the action
 * applies to, and created no later than `createdBefore` (the job's creation), so mail that arrives while a job
 * runs is never caught by it — "delete everything queued" means what was queued when the admin clicked.
 * Values as $n from `firstParam`.
 */
export function buildActionTargetWhere(action: QueueActionName, filter: MessageFilter, createdBefore: Date, firstParam = 1): { where: string; values: unknown[] } {
  const statuses = QUEUE_ACTION_STATUSES[action].filter((status) => filter.status === undefined || filter.status === status);
  const { where, values } = buildMessageFilterWhere({ ...filter, status: undefined }, { alias: "m", firstParam });
  const next = firstParam + values.length;
  return {
    // The enum, not ::text, so the status indexes serve the count.
    where: `${where} AND m.status = ANY($${next}::"MessageStatus"[]) AND m.created_at <= $${next + 1}::timestamptz`,
    values: [...values, statuses, createdBefore],
  };
}
