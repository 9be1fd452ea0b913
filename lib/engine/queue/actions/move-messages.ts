import { returnIds, type ActionStatement } from "./queue-action-request";

/**
 * Move to gateway: the gateway is tried first on every attempt from now on (messages.moved_to_gateway_id) and the
 * message's usual route is its failover — in the same attempt when the chosen gateway cannot take it (connection,
 * TLS or login failure), entirely while it is disabled, draining or deleted (lib/engine/routing/route-claim.ts) — so
 * a move never strands mail. A 4xx there defers as usual and the retry tries it first again. Queued mail is made due
 * at once; held mail keeps its hold and goes there when released. gatewayId null takes the move off (routed as usual),
 * and any move replaces a test message's strict pin (pinned_gateway_id).
 */
export const moveMessages: ActionStatement = (client, ids, { gatewayId }) =>
  returnIds(
    client,
    `UPDATE messages
        SET moved_to_gateway_id = $2::uuid, pinned_gateway_id = NULL,
            next_attempt_at = CASE WHEN status = 'QUEUED' THEN now() ELSE next_attempt_at END,
            lease_token = NULL, lease_until = NULL, pending_action = NULL, updated_at = now()
      WHERE id = ANY($1::uuid[]) AND status IN ('QUEUED', 'HELD')
     RETURNING id::text`,
    [ids, gatewayId ?? null],
  );
