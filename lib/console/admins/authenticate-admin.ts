import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { clearLoginFailures, getLockoutSeconds, recordLoginFailure } from "./login-throttle";
import { verifyPassword } from "../../platform/password";

export type AuthenticatedAdmin = { id: string; email: string };

/** A failed attempt costs this much even when the password check is fast, so guessing stays slow. */
const FAILURE_DELAY_MS = 400;

/**
 * Checks admin credentials with throttling: repeated failures for one email (or one IP) lock it for a while.
 * Shared by the console login and the SmarterMail-compatible API login.
 */
export async function authenticateAdmin(email: string, password: string, ip?: string | null): Promise<AuthenticatedAdmin> {
  const normalizedEmail = email.trim().toLowerCase();
  const keys = { email: normalizedEmail, ip };
  const lockedFor = await getLockoutSeconds(keys);
  if (lockedFor > 0) {
    throw new AppError("rate_limited", `Too many failed sign-in attempts. Try again in ${Math.ceil(lockedFor / 60)} minute(s).`);
  }
  const admin = await getDb().admin.findUnique({ where: { email: normalizedEmail }, select: { id: true, email: true, passwordHash: true } });
  const ok = await verifyPassword(admin?.passwordHash ?? null, password);
  if (!ok || !admin) {
    await recordLoginFailure(keys);
    await new Promise((resolve) => setTimeout(resolve, FAILURE_DELAY_MS));
    throw new AppError("unauthorized", "Wrong email or password.");
  }
  await clearLoginFailures(keys);
  return { id: admin.id, email: admin.email };
}
