import { log } from "../../../platform/log";
import { QUEUE_ACTION_STATUSES, type QueueActionName } from "../../../validation/queue-action";
import { runInTransaction } from "../../../platform/run-in-transaction";
import { bounceMessages } from "./bounce-messages";
import { deleteMessages } from "./delete-messages";
import { holdMessages } from "./hold-messages";
import { moveMessages } from "./move-messages";
import type { ActionStatement, QueueActionRequest } from "./queue-action-request";
import { releaseMessages } from "./release-messages";
import { retryMessages } from "./retry-messages";

const STATEMENTS: Record<QueueActionName, ActionStatement> = {
  retry: retryMessages,
  hold: holdMessages,
  release: releaseMessages,
  delete: deleteMessages,
  bounce: bounceMessages,
  move: moveMessages,
};

/** Per id asked for, what became of it. */
export type QueueActionOutcome = {
  /** Changed now. */
  changed: string[];
  /** Being sent by a worker right now: recorded in pending_action, applied when the worker completes. */
  pending: string[];
  /** Not in a status the action applies to (already delivered, not held, …) or no such message. */
  skipped: string[];
};

// Rows another transaction has locked (a claim, a completion, another action) are tried again after a short wait:
// those locks last one statement, milliseconds. After this long a row still locked is reported skipped.
const LOCK_RETRY_MS = [10, 25, 50, 100, 200, 400, 800, 1_600, 3_200];

/**
 * Applies a queue action to messages by id, safely against workers (the design, docs/ARCHITECTURE.md "Queue
 * actions"): a worker holding a message's lease — lease_until still in the future (extendLease keeps a live
 * worker's lease there) — is mid-send, and an action must never take the
 * message from it, or the message could be sent twice or a delete come too late. So:
 * - each message is locked (FOR UPDATE SKIP LOCKED, in id order) in one transaction with the change, so a claim
 *   or a completion either finished before (and we see its result) or waits for us;
 * - a message not leased (or whose lease has run out: its worker is gone, and a claim could take it now) gets the
 *   action at once;
 * - a leased message gets the action recorded in messages.pending_action. The claim skips messages with a pending
 *   action, so once its worker completes (completeMessages clears the lease as always), nobody sends it again
 *   before the action is applied: the queue action runner of any process applies it within its tick
 *   (applyPendingActions, once a second). An action that no longer fits then (the send delivered every
 *   recipient) is dropped — the mail went out before the admin's click could stop it.
 * Never throws for a message; throws what the database throws.
 */
export async function applyQueueAction(ids: string[], request: QueueActionRequest): Promise<QueueActionOutcome> {
  const outcome: QueueActionOutcome = { changed: [], pending: [], skipped: [] };
  let waiting = [...new Set(ids.map((id) => id.toLowerCase()))];
  for (let round = 0; waiting.length > 0; round++) {
    const { busy, ...done } = await applyOnce(waiting, request);
    outcome.changed.push(...done.changed);
    outcome.pending.push(...done.pending);
    outcome.skipped.push(...done.skipped);
    waiting = busy;
    if (waiting.length === 0) break;
    if (round >= LOCK_RETRY_MS.length) {
      log("warn", "queue_action.locked", { action: request.action, ids: waiting });
      outcome.skipped.push(...waiting);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS[round]));
  }
  return outcome;
}

type LockedRow = { id: string; status: string; leased: boolean };

async function applyOnce(ids: string[], request: QueueActionRequest): Promise<QueueActionOutcome & { busy: string[] }> {
  return runInTransaction(async (client) => {
    const { rows } = await client.query<LockedRow>(
      `SELECT id::text, status::text, coalesce(lease_until > now(), false) AS leased
         FROM messages WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE SKIP LOCKED`,
      [ids],
    );
    const locked = new Set(rows.map((row) => row.id));
    const { busy, missing } = await findBusy(client, ids.filter((id) => !locked.has(id)));
    const applies = new Set<string>(QUEUE_ACTION_STATUSES[request.action]);
    const fitting = rows.filter((row) => applies.has(row.status));
    const leased = fitting.filter((row) => row.leased).map((row) => row.id);
    const free = fitting.filter((row) => !row.leased).map((row) => row.id);
    if (leased.length > 0) {
      await client.query(`UPDATE messages SET pending_action = $2::jsonb, updated_at = now() WHERE id = ANY($1::uuid[])`, [leased, JSON.stringify(request)]);
    }
    const changed = free.length > 0 ? await STATEMENTS[request.action](client, free, request) : [];
    const changedSet = new Set(changed);
    // A pending action left on a message it no longer fits (the send settled it) is dropped here.
    const unfit = rows.filter((row) => !applies.has(row.status)).map((row) => row.id);
    if (unfit.length > 0) await client.query(`UPDATE messages SET pending_action = NULL WHERE id = ANY($1::uuid[]) AND pending_action IS NOT NULL`, [unfit]);
    return {
      changed,
      pending: leased,
      skipped: [...unfit, ...free.filter((id) => !changedSet.has(id)), ...missing],
      busy,
    };
  });
}

/** Of the ids SKIP LOCKED passed over: those that exist (locked by someone else, try again) and those that do not. */
async function findBusy(client: { query: (text: string, values: unknown[]) => Promise<{ rows: { id: string }[] }> }, ids: string[]) {
  if (ids.length === 0) return { busy: [], missing: [] };
  const { rows } = await client.query(`SELECT id::text FROM messages WHERE id = ANY($1::uuid[])`, [ids]);
  const existing = new Set(rows.map((row) => row.id));
  return { busy: ids.filter((id) => existing.has(id)), missing: ids.filter((id) => !existing.has(id)) };
}
