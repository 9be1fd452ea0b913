import { returnIds, type ActionStatement } from "./queue-action-request";

/**
 * Retry now: queued messages become due at once, whatever their retry schedule said; the next claim takes them.
 * The attempt count is untouched (it counts tries, and this is not one yet).
 */
export const retryMessages: ActionStatement = (client, ids) =>
  returnIds(
    client,
    `UPDATE messages SET next_attempt_at = now(), lease_token = NULL, lease_until = NULL, pending_action = NULL, updated_at = now()
      WHERE id = ANY($1::uuid[]) AND status = 'QUEUED'
     RETURNING id::text`,
    [ids],
  );
