import type pg from "pg";
import type { QueueActionName } from "../../../validation/queue-action";

/** One queue action as the engine runs it; `actor` (the admin's email) is recorded on held and deleted mail. */
export type QueueActionRequest = {
  action: QueueActionName;
  /** hold: why (shown on the message). */
  reason?: string | null;
  /** move: the gateway to pin the message to; null un-pins it. */
  gatewayId?: string | null;
  actor: string;
};

/**
 * Applies an action to messages already locked (FOR UPDATE) by the caller's transaction, none of them leased by a
 * worker, each in a status the action applies to. Returns the ids it changed. Every statement also clears
 * pending_action and lease_token (an expired lease: its worker is gone, see apply-queue-action.ts).
 */
export type ActionStatement = (client: pg.PoolClient, ids: string[], request: QueueActionRequest) => Promise<string[]>;

/** Runs an UPDATE … RETURNING id and gives the ids back. */
export async function returnIds(client: pg.PoolClient, text: string, values: unknown[]): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(text, values);
  return rows.map((row) => row.id);
}
