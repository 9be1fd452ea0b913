import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "../audit/record-audit";
import { forgetVerifiedPasswords } from "./verified-password-cache";

/**
 * Revokes a credential at once: every AUTH and IP-relay lookup reads the row, so the next one is refused (sessions
 * already authenticated finish their current transaction). Revoking twice keeps the first time and records one
 * "smtp-credential.revoke" audit entry. AppError "not_found" when there is no such credential.
 */
export async function revokeSmtpCredential({ id, actor = SYSTEM_ACTOR }: { id: string; actor?: AuditActor }): Promise<{ revokedAt: Date; name: string }> {
  const result = await getDb().$transaction(async (tx) => {
    const revokedAt = new Date();
    const { count } = await tx.smtpCredential.updateMany({ where: { id, revokedAt: null }, data: { revokedAt } });
    const credential = await tx.smtpCredential.findUnique({ where: { id }, select: { revokedAt: true, name: true, username: true } });
    if (!credential?.revokedAt) throw new AppError("not_found", "That SMTP credential no longer exists.");
    if (count > 0) {
      await recordAudit(tx, { actor, action: "smtp-credential.revoke", target: { type: "smtp-credential", id, label: credential.username }, before: { revokedAt: null }, after: { revokedAt } });
    }
    return { revokedAt: credential.revokedAt, name: credential.name };
  });
  forgetVerifiedPasswords(id);
  return result;
}
