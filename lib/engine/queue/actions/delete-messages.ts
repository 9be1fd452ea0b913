import { returnIds, type ActionStatement } from "./queue-action-request";

/** The text recorded on each recipient (and as the message's last error) of mail an admin deleted. */
export function deletedReason(actor: string): string {
  return `Deleted by ${actor}; not delivered`;
}

/**
 * Delete: the message is never delivered and no DSN goes out (the admin chose to drop it, the sender is not told).
 * It is kept, not erased, so the console and the API still show what happened: status DELETED, its pending
 * recipients FAILED with "Deleted by <admin>", completed now. Delivered recipients stay delivered.
 */
export const deleteMessages: ActionStatement = async (client, ids, { actor }) => {
  const reason = deletedReason(actor);
  await client.query(
    `UPDATE message_recipients SET status = 'FAILED', smtp_code = NULL, smtp_response = $2, updated_at = now()
      WHERE message_id = ANY($1::uuid[]) AND status = 'PENDING'`,
    [ids, reason],
  );
  return returnIds(
    client,
    `UPDATE messages
        SET status = 'DELETED', completed_at = now(), last_error = $2, lease_token = NULL, lease_until = NULL, pending_action = NULL, updated_at = now()
      WHERE id = ANY($1::uuid[]) AND status IN ('QUEUED', 'HELD')
     RETURNING id::text`,
    [ids, reason],
  );
};
