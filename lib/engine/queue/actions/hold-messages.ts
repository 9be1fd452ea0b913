import { returnIds, type ActionStatement } from "./queue-action-request";

/**
 * Hold: queued messages become HELD with the admin's reason, who and when. The claim takes status QUEUED only, so
 * held mail is never sent; it keeps its next_attempt_at (shown as it was) until released.
 */
export const holdMessages: ActionStatement = (client, ids, { reason, actor }) =>
  returnIds(
    client,
    `UPDATE messages
        SET status = 'HELD', hold_reason = $2, held_at = now(), held_by = $3, lease_token = NULL, lease_until = NULL, pending_action = NULL,
            updated_at = now()
      WHERE id = ANY($1::uuid[]) AND status = 'QUEUED'
     RETURNING id::text`,
    [ids, reason?.trim() || null, actor],
  );
