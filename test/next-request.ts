import { encode } from "next-auth/jwt";

/**
 * Server actions and route helpers read the session from Next's request cookies. Tests run outside a Next
 * request, so test/setup-env.ts points `next/headers` at this jar; the session cookie in it is a real
 * next-auth JWT, decoded by the real code.
 */
export const cookieJar = new Map<string, string>();

export async function signInAs(admin: { id: string; email: string }): Promise<void> {
  const token = await encode({ token: { adminId: admin.id, email: admin.email, sub: admin.id }, secret: process.env.NEXTAUTH_SECRET! });
  cookieJar.set("next-auth.session-token", token);
}

export function signOutEveryone(): void {
  cookieJar.clear();
}
