import { getDb } from "../../platform/db";
import type { SettledPendingAction } from "../../engine/queue/actions/apply-pending-actions";
import { recordAudit } from "../audit/record-audit";

/** Who applies a pending action: the runner, on the admin's behalf (detail.requestedBy names the admin). */
const RUNNER = { kind: "system", label: "queue action runner" } as const;

/**
 * Completes the audit of a queue action that met a message mid-send (takeQueueAction audited it with result
 * "pending"): one entry per message, `queue.<action>` with result "applied" — or "dropped" when the attempt in progress
 * settled the message first (delivered, failed for good, or gone), so the action no longer fitted. Passed to the queue
 * action runner by the entry points (lib/start-up, worker/); the engine itself knows no audit. Throws what Prisma throws.
 */
export async function auditSettledPendingAction({ request, applied, dropped }: SettledPendingAction): Promise<void> {
  const ids = [...applied, ...dropped];
  const messages = await getDb().message.findMany({ where: { id: { in: ids } }, select: { id: true, messageId: true, status: true } });
  const byId = new Map(messages.map((message) => [message.id, message]));
  const entries = [...applied.map((id) => ({ id, result: "applied" })), ...dropped.map((id) => ({ id, result: "dropped" }))];
  for (const { id, result } of entries) {
    const message = byId.get(id);
    await recordAudit(getDb(), {
      actor: RUNNER,
      action: `queue.${request.action}`,
      target: { type: "message", id, label: message?.messageId ?? null },
      after: message ? { status: message.status } : null,
      detail: {
        result,
        requestedBy: request.actor,
        ...(result === "dropped" ? { why: "The attempt in progress settled the message first; the action no longer applied." } : {}),
        ...(request.reason ? { reason: request.reason } : {}),
      },
    });
  }
}
