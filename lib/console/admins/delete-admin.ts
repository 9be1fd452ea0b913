import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { lockAdmins } from "./lock-admins";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "../audit/record-audit";

/**
 * Removes another admin; their sessions end with the row (get-admin-session.ts reads it on every request).
 * Nobody removes themselves, a removed admin cannot remove anyone, and the last admin is never removed: all checked
 * under the admins lock in the same transaction, so two admins removing each other at once leave one.
 * Throws AppError "bad_request" (yourself), "unauthorized" (the acting admin is gone), "conflict" (last admin),
 * "not_found" (already gone). Recorded as "admin.delete" by `actor` (the acting admin when not given).
 */
export async function deleteAdmin({ id, actingAdminId, actor }: { id: string; actingAdminId: string; actor?: AuditActor }): Promise<void> {
  if (id === actingAdminId) throw new AppError("bad_request", "You cannot remove yourself; ask another admin.");
  await getDb().$transaction(async (tx) => {
    await lockAdmins(tx);
    // Each statement below reads what is committed now, after the lock: a concurrent removal is seen.
    if (!(await tx.admin.findUnique({ where: { id: actingAdminId }, select: { id: true } }))) {
      throw new AppError("unauthorized", "Your session has ended. Sign in again.");
    }
    if ((await tx.admin.count()) <= 1) throw new AppError("conflict", "The last admin cannot be removed.");
    const before = await tx.admin.findUnique({ where: { id }, select: { id: true, email: true, createdAt: true } });
    const { count } = await tx.admin.deleteMany({ where: { id } });
    if (count === 0 || !before) throw new AppError("not_found", "That admin no longer exists.");
    const acting = actor ?? (await tx.admin.findUnique({ where: { id: actingAdminId }, select: { id: true, email: true } })) ?? SYSTEM_ACTOR;
    await recordAudit(tx, { actor: acting, action: "admin.delete", target: { type: "admin", id, label: before.email }, before });
  });
}
