import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { applyQueueAction, type QueueActionOutcome } from "../../engine/queue/actions/apply-queue-action";
import type { QueueActionValues } from "../../validation/queue-action";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { assertMoveTarget } from "./assert-move-target";

export type QueueActionAnswer = { result: "changed" | "pending" | "skipped"; status: string };

/**
 * One queue action on one message (the detail page, POST /api/v1/admin/messages/{id}/actions). "pending": a worker
 * is sending it right now; the action is applied when that attempt completes (see applyQueueAction). "skipped":
 * the message is not in a status the action applies to. Audited as queue.<action>. Throws AppError not_found for
 * no such message, unprocessable for a bad move target.
 */
export async function takeQueueAction({ id, values, actor }: { id: string; values: QueueActionValues; actor: AuditActor & { email: string } }): Promise<QueueActionAnswer> {
  const before = await getDb().message.findUnique({ where: { id }, select: { id: true, messageId: true, status: true, holdReason: true, pinnedGatewayId: true, movedToGatewayId: true } });
  if (!before) throw new AppError("not_found", "There is no such message.");
  const gateway = values.action === "move" ? await assertMoveTarget(values.gatewayId) : null;
  const outcome: QueueActionOutcome = await applyQueueAction([id], { action: values.action, reason: values.reason ?? null, gatewayId: values.gatewayId ?? null, actor: actor.email });
  const result = outcome.changed.length > 0 ? "changed" : outcome.pending.length > 0 ? "pending" : "skipped";
  const after = await getDb().message.findUnique({ where: { id }, select: { status: true, holdReason: true, pinnedGatewayId: true, movedToGatewayId: true } });
  if (result !== "skipped") {
    await recordAudit(getDb(), {
      actor,
      action: `queue.${values.action}`,
      target: { type: "message", id, label: before.messageId },
      before: { status: before.status, holdReason: before.holdReason, pinnedGatewayId: before.pinnedGatewayId, movedToGatewayId: before.movedToGatewayId },
      after: after ? { status: after.status, holdReason: after.holdReason, pinnedGatewayId: after.pinnedGatewayId, movedToGatewayId: after.movedToGatewayId } : null,
      detail: { result, ...(values.reason ? { reason: values.reason } : {}), ...(gateway ? { gateway: gateway.description } : {}) },
    });
  }
  return { result, status: after?.status ?? before.status };
}
