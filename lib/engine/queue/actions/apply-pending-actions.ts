import { runStatement, runStatementWithPlannerSettings } from "../../../platform/db";
import { log } from "../../../platform/log";
import { applyQueueAction, type QueueActionOutcome } from "./apply-queue-action";
import type { QueueActionRequest } from "./queue-action-request";

/** Messages looked at per sweep; pending actions are few (only those that met a live lease). */
const SWEEP_LIMIT = 1_000;

const SELECT_PENDING = `
  SELECT id::text, pending_action AS "pendingAction" FROM messages
   WHERE pending_action IS NOT NULL AND (lease_until IS NULL OR lease_until <= now())`;

/**
 * The sweep runs every tick, so it must read only messages_pending_action_idx (partial: nearly always empty). Without
 * statistics on the table — a fresh install, or just after a burst — PostgreSQL guesses that most rows have an action
 * and, with the LIMIT, prefers reading the whole table (measured: 3.6 ms for 20,000 messages, growing with the queue).
 */
export const SWEEP_PLANNER_SETTINGS = { enable_seqscan: "off", enable_bitmapscan: "off" } as const;
export const PENDING_SWEEP = `${SELECT_PENDING} LIMIT ${SWEEP_LIMIT}`;

/**
 * Applies the actions recorded on messages while a worker held their lease (apply-queue-action.ts), once that
 * lease is over: the worker completed (lease_token cleared), gave the message back, or died (lease run out).
 * Run by the queue action runner every tick, not by completeMessages: lib/engine/queue must not depend on its
 * actions folder, and the claim skips these messages meanwhile, so the wait costs a second at most. `ids` limits it
 * to those messages. Returns how many messages the actions changed.
 */
export async function applyPendingActions(ids?: string[]): Promise<number> {
  type Row = { id: string; pendingAction: QueueActionRequest };
  const rows = ids
    ? await runStatement<Row>(`${SELECT_PENDING} AND id = ANY($1::uuid[])`, [ids])
    : await runStatementWithPlannerSettings<Row>(SWEEP_PLANNER_SETTINGS, PENDING_SWEEP);
  const groups = new Map<string, { request: QueueActionRequest; ids: string[] }>();
  for (const row of rows) {
    const key = JSON.stringify(row.pendingAction);
    const group = groups.get(key) ?? { request: row.pendingAction, ids: [] };
    group.ids.push(row.id);
    groups.set(key, group);
  }
  let changed = 0;
  for (const { request, ids: groupIds } of groups.values()) {
    const outcome: QueueActionOutcome = await applyQueueAction(groupIds, request);
    changed += outcome.changed.length;
    log("info", "queue_action.pending_applied", { action: request.action, actor: request.actor, changed: outcome.changed.length, dropped: outcome.skipped.length });
  }
  return changed;
}
