import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { recordLoginFailure, recordLoginSuccess, reserveLoginAttempt } from "./login-throttle";
import { verifyPassword } from "../../platform/password";
import { logAuthDeferred, logAuthFailure } from "../../platform/log";

/** `sessionVersion` goes into the session so sign-out and password changes can end it (get-admin-session.ts). */
export type AuthenticatedAdmin = { id: string; email: string; sessionVersion: number };

/** A failed attempt costs this much even when the password check is fast, so guessing stays slow. */
const FAILURE_DELAY_MS = 400;

/**
 * Checks admin credentials with throttling: repeated failures for one email (or one IP) lock it for a while.
 * The attempt is counted before the password is checked (login-throttle.ts), so parallel attempts cannot slip past
 * the ceiling. `ip` is the client address as lib/http/read-client-ip.ts found it (null: unknown, no IP limit).
 * Shared by the console login and the SmarterMail-compatible API login.
 * Throws AppError "rate_limited" while locked, "unauthorized" for a wrong email or password.
 */
export async function authenticateAdmin(email: string, password: string, ip?: string | null): Promise<AuthenticatedAdmin> {
  const normalizedEmail = email.trim().toLowerCase();
  const keys = { email: normalizedEmail, ip };
  const attempt = await reserveLoginAttempt(keys);
  if (!attempt.allowed && attempt.busy) {
    logAuthDeferred({ service: "console", user: normalizedEmail, client: ip ?? null });
    throw new AppError("rate_limited", "Too many sign-in attempts at once. Try again in a moment.");
  }
  if (!attempt.allowed) {
    logAuthFailure({ service: "console", user: normalizedEmail, client: ip ?? null, reason: "locked after too many failures" });
    throw new AppError("rate_limited", `Too many failed sign-in attempts. Try again in ${Math.ceil(attempt.retryAfterSeconds / 60)} minute(s).`);
  }
  const admin = await getDb().admin.findUnique({ where: { email: normalizedEmail }, select: { id: true, email: true, passwordHash: true, sessionVersion: true } });
  const ok = await verifyPassword(admin?.passwordHash ?? null, password);
  if (!ok || !admin) {
    await recordLoginFailure(keys);
    logAuthFailure({ service: "console", user: normalizedEmail, client: ip ?? null, reason: "wrong email or password" });
    await new Promise((resolve) => setTimeout(resolve, FAILURE_DELAY_MS));
    throw new AppError("unauthorized", "Wrong email or password.");
  }
  await recordLoginSuccess(keys);
  return { id: admin.id, email: admin.email, sessionVersion: admin.sessionVersion };
}
