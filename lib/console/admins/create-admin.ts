import { hashPassword } from "../../platform/password";
import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "../audit/record-audit";

/**
 * Adds an admin (argon2id hash). The email's unique index decides a race between two adds of one address;
 * the loser gets AppError "conflict" with a field error on `email`, never a 500. Recorded as "admin.create" by
 * `actor` (email only, never the password).
 */
export async function createAdmin({ email, password, actor = SYSTEM_ACTOR }: { email: string; password: string; actor?: AuditActor }) {
  const passwordHash = await hashPassword(password);
  try {
    return await getDb().$transaction(async (tx) => {
      const admin = await tx.admin.create({ data: { email, passwordHash }, select: { id: true, email: true, createdAt: true } });
      await recordAudit(tx, { actor, action: "admin.create", target: { type: "admin", id: admin.id, label: admin.email }, after: admin });
      return admin;
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("conflict", "An admin with this email already exists.", { email: ["An admin with this email already exists."] });
    }
    throw error;
  }
}
