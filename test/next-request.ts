import { encode } from "next-auth/jwt";
import { getDb } from "../lib/platform/db";

/**
 * Server actions and route helpers read the session from Next's request cookies. Tests run outside a Next
 * request, so test/setup-env.ts points `next/headers` at this jar; the session cookie in it is a real
 * next-auth JWT, decoded by the real code.
 */
export const cookieJar = new Map<string, string>();

export async function signInAs(admin: { id: string; email: string }): Promise<void> {
  // The session carries the admin's current session version, as a sign-in through the login form does.
  const row = await getDb().admin.findUnique({ where: { id: admin.id }, select: { sessionVersion: true } });
  const sessionVersion = row?.sessionVersion ?? 1;
  const token = await encode({ token: { adminId: admin.id, email: admin.email, sub: admin.id, sessionVersion }, secret: process.env.NEXTAUTH_SECRET! });
  cookieJar.set("next-auth.session-token", token);
}

export function signOutEveryone(): void {
  cookieJar.clear();
}
