import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "../audit/record-audit";

/**
 * A disabled gateway is kept with its settings but never chosen for delivery. Recorded as "gateway.enable" or
 * "gateway.disable" with the status before and after.
 */
export async function setGatewayEnabled({ id, enabled, actor = SYSTEM_ACTOR }: { id: string; enabled: boolean; actor?: AuditActor }): Promise<{ id: string; enabled: boolean }> {
  return getDb().$transaction(async (tx) => {
    const before = await tx.gateway.findUnique({ where: { id }, select: { enabled: true, description: true } });
    if (!before) throw new AppError("not_found", "That gateway no longer exists.");
    await tx.gateway.update({ where: { id }, data: { enabled } });
    const action = enabled ? "gateway.enable" : "gateway.disable";
    await recordAudit(tx, { actor, action, target: { type: "gateway", id, label: before.description }, before: { enabled: before.enabled }, after: { enabled } });
    return { id, enabled };
  });
}
