import { returnIds, type ActionStatement } from "./queue-action-request";

/**
 * Move to gateway: the message is pinned to the gateway (messages.pinned_gateway_id, the test message's pin, which
 * routing already honours: that gateway only, no failover) and, if queued, made due at once, so the next attempt
 * goes there. gatewayId null takes the pin off. Held mail keeps its hold and goes to the gateway when released.
 */
export const moveMessages: ActionStatement = (client, ids, { gatewayId }) =>
  returnIds(
    client,
    `UPDATE messages
        SET pinned_gateway_id = $2::uuid,
            next_attempt_at = CASE WHEN status = 'QUEUED' THEN now() ELSE next_attempt_at END,
            lease_token = NULL, pending_action = NULL, updated_at = now()
      WHERE id = ANY($1::uuid[]) AND status IN ('QUEUED', 'HELD')
     RETURNING id::text`,
    [ids, gatewayId ?? null],
  );
