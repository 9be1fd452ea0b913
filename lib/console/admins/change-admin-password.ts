import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { hashPassword } from "../../platform/password";
import { authenticateAdmin } from "./authenticate-admin";
import { recordAudit } from "../audit/record-audit";

export type ChangeAdminPasswordOptions = {
  admin: { id: string; email: string };
  currentPassword: string;
  /** Already checked by changePasswordSchema (length and zxcvbn strength). */
  newPassword: string;
  /** For the sign-in throttle: guessing the current password here counts like guessing it at the login. */
  ip: string | null;
};

/**
 * Sets a new password after checking the current one (through the throttled sign-in check), and ends every session
 * of the admin in the same statement (session_version + 1): the browser that changed it signs in again too.
 * Throws AppError "validation_failed" with a field error on `currentPassword` when it is wrong, "rate_limited" while
 * the account is locked. Recorded as "admin.password-change" by the admin (detail names the password, never its value).
 */
export async function changeAdminPassword({ admin, currentPassword, newPassword, ip }: ChangeAdminPasswordOptions): Promise<void> {
  try {
    await authenticateAdmin(admin.email, currentPassword, ip);
  } catch (error) {
    if (error instanceof AppError && error.code === "unauthorized") {
      throw new AppError("validation_failed", "The current password is wrong.", { currentPassword: ["The current password is wrong."] });
    }
    throw error;
  }
  const passwordHash = await hashPassword(newPassword);
  await getDb().$transaction(async (tx) => {
    const { count } = await tx.admin.updateMany({ where: { id: admin.id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    if (count === 0) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
    await recordAudit(tx, { actor: admin, action: "admin.password-change", target: { type: "admin", id: admin.id, label: admin.email }, secretsChanged: ["password"], detail: { sessionsEnded: true } });
  });
}
