import { cookies } from "next/headers";
import { decode } from "next-auth/jwt";
import { getDb } from "../platform/db";
import { getEnv } from "../platform/env";

export type AdminSession = { id: string; email: string };

/** next-auth's cookie names: the __Secure- prefix is used when NEXTAUTH_URL is https. */
export const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

/**
 * The signed-in admin, or null. Reads next-auth's encrypted JWT cookie directly (what getServerSession does
 * for the JWT strategy), then re-reads the admin row (one primary-key read, nothing cached) so a session ends at
 * once when the admin is removed, signs out or changes password: those bump admins.session_version, and a cookie
 * issued under another version (or under none, from before versions existed) is refused.
 * Every page, server action and console route checks the session through here (require-admin-page.ts,
 * admin-action.ts, admin-route.ts).
 */
export async function getAdminSession(): Promise<AdminSession | null> {
  const store = await cookies();
  const raw = SESSION_COOKIE_NAMES.map((name) => store.get(name)?.value).find(Boolean);
  if (!raw) return null;
  const token = await decode({ token: raw, secret: getEnv().NEXTAUTH_SECRET }).catch(() => null);
  const adminId = typeof token?.adminId === "string" ? token.adminId : null;
  const sessionVersion = typeof token?.sessionVersion === "number" ? token.sessionVersion : null;
  if (!adminId || sessionVersion === null) return null;
  const admin = await getDb().admin.findUnique({ where: { id: adminId }, select: { id: true, email: true, sessionVersion: true } });
  if (!admin || admin.sessionVersion !== sessionVersion) return null;
  return { id: admin.id, email: admin.email };
}
