import { createHash, hkdfSync } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { getDb } from "../../platform/db";
import { getEnv } from "../../platform/env";

/** SmarterMail's access tokens live 15 minutes; clients (ours included) renew shortly before. */
export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const REFRESH_TOKEN_SECONDS = 24 * 60 * 60;

const ISSUER = "outgate";
const AUDIENCE = "outgate/smartermail-api";
// A purpose label of its own, so this key never equals next-auth's session key derived from the same secret.
const KEY_PURPOSE = "outgate smartermail-api token signing v1";

type TokenUse = "access" | "refresh";
type TokenAdmin = { id: string; email: string; passwordHash: string; sessionVersion: number };

export type IssuedTokens = { accessToken: string; refreshToken: string; accessTokenExpiration: Date };

let cachedKey: { secret: string; key: Uint8Array } | undefined;

function signingKey(): Uint8Array {
  const secret = getEnv().NEXTAUTH_SECRET;
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: new Uint8Array(hkdfSync("sha256", secret, "", KEY_PURPOSE, 32)) };
  return cachedKey.key;
}

/** Changes with the password, so a new password ends every token issued with the old one. */
function passwordStamp(passwordHash: string): string {
  return createHash("sha256").update(passwordHash).digest("base64url").slice(0, 16);
}

function sign(admin: TokenAdmin, use: TokenUse, lifetimeSeconds: number, now: number): Promise<string> {
  // sv: the admin's session version — sign-out, a password change or removal bumps it (end-admin-sessions.ts), so
  // API tokens end with the console sessions, as the README says.
  return new SignJWT({ use, pws: passwordStamp(admin.passwordHash), sv: admin.sessionVersion })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(admin.id)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + lifetimeSeconds)
    .sign(signingKey());
}

/** A short-lived access token and a refresh token for an admin whose credentials were just checked. */
export async function issueApiTokens(adminId: string, now = Date.now()): Promise<IssuedTokens & { email: string }> {
  const admin = await getDb().admin.findUniqueOrThrow({ where: { id: adminId }, select: { id: true, email: true, passwordHash: true, sessionVersion: true } });
  const [accessToken, refreshToken] = await Promise.all([
    sign(admin, "access", ACCESS_TOKEN_SECONDS, now),
    sign(admin, "refresh", REFRESH_TOKEN_SECONDS, now),
  ]);
  return { accessToken, refreshToken, accessTokenExpiration: new Date(Math.floor(now / 1000) * 1000 + ACCESS_TOKEN_SECONDS * 1000), email: admin.email };
}

/**
 * The admin a token speaks for, or null when the token is malformed, forged, expired, of the other use, or
 * its admin was removed, changed password or signed out since. Throws only for database trouble.
 */
export async function verifyApiToken(token: string, use: TokenUse): Promise<{ id: string; email: string } | null> {
  let claims: { sub?: string; use?: unknown; pws?: unknown; sv?: unknown };
  try {
    ({ payload: claims } = await jwtVerify(token, signingKey(), { algorithms: ["HS256"], issuer: ISSUER, audience: AUDIENCE }));
  } catch {
    return null;
  }
  if (claims.use !== use || typeof claims.sub !== "string" || typeof claims.pws !== "string" || typeof claims.sv !== "number") return null;
  if (!/^[0-9a-f-]{36}$/i.test(claims.sub)) return null;
  const admin = await getDb().admin.findUnique({ where: { id: claims.sub }, select: { id: true, email: true, passwordHash: true, sessionVersion: true } });
  if (!admin || passwordStamp(admin.passwordHash) !== claims.pws || admin.sessionVersion !== claims.sv) return null;
  return { id: admin.id, email: admin.email };
}
