import { cookies } from "next/headers";
import { decode } from "next-auth/jwt";
import { getDb } from "../platform/db";
import { getEnv } from "../platform/env";

export type AdminSession = { id: string; email: string };

/** next-auth's cookie names: the __Secure- prefix is used when NEXTAUTH_URL is https. */
export const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

/**
 * The signed-in admin, or null. Reads next-auth's encrypted JWT cookie directly (what getServerSession does
 * for the JWT strategy), then re-reads the admin row so a removed admin loses access at once.
 */
export async function getAdminSession(): Promise<AdminSession | null> {
  const store = await cookies();
  const raw = SESSION_COOKIE_NAMES.map((name) => store.get(name)?.value).find(Boolean);
  if (!raw) return null;
  const token = await decode({ token: raw, secret: getEnv().NEXTAUTH_SECRET }).catch(() => null);
  const adminId = typeof token?.adminId === "string" ? token.adminId : null;
  if (!adminId) return null;
  return getDb().admin.findUnique({ where: { id: adminId }, select: { id: true, email: true } });
}
