import { runStatementWithPlannerSettings } from "../../../platform/db";
import { log } from "../../../platform/log";
import { applyQueueAction, type QueueActionOutcome } from "./apply-queue-action";
import type { QueueActionRequest } from "./queue-action-request";

/** Messages looked at per sweep; pending actions are few (only those that met a live lease). */
const SWEEP_LIMIT = 1_000;

/**
 * The sweep runs every tick, so it must read only messages_pending_action_idx (partial: nearly always empty). Without
 * statistics on the table — a fresh install, or just after a burst — PostgreSQL guesses that most rows have an action
 * and, with the LIMIT, prefers reading the whole table (measured: 3.6 ms for 20,000 messages, growing with the queue).
 */
export const SWEEP_PLANNER_SETTINGS = { enable_seqscan: "off", enable_bitmapscan: "off" } as const;
export const PENDING_SWEEP = `
  SELECT id::text, pending_action AS "pendingAction" FROM messages
   WHERE pending_action IS NOT NULL AND (lease_until IS NULL OR lease_until <= now())
   LIMIT ${SWEEP_LIMIT}`;

/**
 * One pending action once its lease was over: the messages it changed, and those it no longer fitted — the attempt
 * in progress settled them first (delivered, failed for good, or gone) — so it was dropped for them.
 */
export type SettledPendingAction = { request: QueueActionRequest; applied: string[]; dropped: string[] };

/**
 * Applies the actions recorded on messages while a worker held their lease (apply-queue-action.ts), once that
 * lease is over: the worker completed (lease_token cleared), gave the message back, or died (lease run out).
 * Run by the queue action runner every tick, not by completeMessages: lib/engine/queue must not depend on its
 * actions folder, and the claim skips these messages meanwhile, so the wait costs a second at most. `onSettled`
 * hears of each action applied or dropped (the console audits it: the engine knows no audit); an error it throws is
 * the caller's. Returns how many messages the actions changed.
 */
export async function applyPendingActions(onSettled?: (settled: SettledPendingAction) => Promise<void>): Promise<number> {
  const rows = await runStatementWithPlannerSettings<{ id: string; pendingAction: QueueActionRequest }>(SWEEP_PLANNER_SETTINGS, PENDING_SWEEP);
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
    // Still pending (leased again meanwhile): not settled yet, the next sweep reports it.
    if (onSettled && outcome.changed.length + outcome.skipped.length > 0) await onSettled({ request, applied: outcome.changed, dropped: outcome.skipped });
  }
  return changed;
}
