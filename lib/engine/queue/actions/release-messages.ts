import { returnIds, type ActionStatement } from "./queue-action-request";

/** Release: held messages are QUEUED again and due at once; the hold's reason, who and when are cleared. */
export const releaseMessages: ActionStatement = (client, ids) =>
  returnIds(
    client,
    `UPDATE messages
        SET status = 'QUEUED', next_attempt_at = now(), hold_reason = NULL, held_at = NULL, held_by = NULL,
            lease_token = NULL, lease_until = NULL, pending_action = NULL, updated_at = now()
      WHERE id = ANY($1::uuid[]) AND status = 'HELD'
     RETURNING id::text`,
    [ids],
  );
