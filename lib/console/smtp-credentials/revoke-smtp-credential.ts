import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { forgetVerifiedPasswords } from "./verified-password-cache";

/**
 * Revokes a credential at once: every AUTH and IP-relay lookup reads the row, so the next one is refused (sessions
 * already authenticated finish their current transaction). Revoking twice keeps the first time.
 * AppError "not_found" when there is no such credential.
 */
export async function revokeSmtpCredential({ id }: { id: string }): Promise<{ revokedAt: Date; name: string }> {
  const db = getDb();
  await db.smtpCredential.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  const credential = await db.smtpCredential.findUnique({ where: { id }, select: { revokedAt: true, name: true } });
  forgetVerifiedPasswords(id);
  if (!credential?.revokedAt) throw new AppError("not_found", "That SMTP credential no longer exists.");
  return { revokedAt: credential.revokedAt, name: credential.name };
}
