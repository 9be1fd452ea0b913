import { getDb } from "../../platform/db";
import { recordAudit, type AuditActor } from "../audit/record-audit";

/** Deletes a rule and records it in the audit log; throws not_found (Prisma P2025) when it is already gone. */
export async function deleteAnswerRule({ id, actor }: { id: string; actor: AuditActor }): Promise<{ id: string }> {
  return getDb().$transaction(async (tx) => {
    const deleted = await tx.gatewayAnswerRule.delete({ where: { id } });
    await recordAudit(tx, { actor, action: "answer-rule.delete", target: { type: "answer-rule", id, label: deleted.name }, before: deleted, after: null });
    return { id };
  });
}
