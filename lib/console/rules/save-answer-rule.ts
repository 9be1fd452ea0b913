import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import type { AnswerRuleInput } from "../../validation/answer-rule";
import { recordAudit, type AuditActor } from "../audit/record-audit";

type SaveOptions = { id?: string; values: AnswerRuleInput; actor: AuditActor };

/**
 * Creates a rule (no `id`) or replaces one, and records the change in the audit log in the same transaction.
 * Throws AppError validation_failed (field gatewayId) when the chosen gateway no longer exists, not_found when the
 * rule was deleted meanwhile (Prisma P2025).
 */
export async function saveAnswerRule({ id, values, actor }: SaveOptions): Promise<{ id: string }> {
  return getDb().$transaction(async (tx) => {
    if (values.gatewayId && !(await tx.gateway.findUnique({ where: { id: values.gatewayId }, select: { id: true } }))) {
      throw new AppError("validation_failed", "Some fields are invalid.", { gatewayId: ["This gateway no longer exists."] });
    }
    const before = id ? await tx.gatewayAnswerRule.findUniqueOrThrow({ where: { id } }) : null;
    const saved = id ? await tx.gatewayAnswerRule.update({ where: { id }, data: values }) : await tx.gatewayAnswerRule.create({ data: values });
    await recordAudit(tx, {
      actor,
      action: id ? "answer-rule.update" : "answer-rule.create",
      target: { type: "answer-rule", id: saved.id, label: saved.name },
      before,
      after: saved,
    });
    return { id: saved.id };
  });
}
