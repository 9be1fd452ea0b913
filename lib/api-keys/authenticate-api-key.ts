import { getDb } from "../db";
import { AppError } from "../errors";
import { hashApiKey, looksLikeApiKey } from "./api-key-format";

export type AuthenticatedApiKey = {
  id: string;
  name: string;
  /** ASCII names of the hosted domains this key may send for; empty = every hosted domain. */
  domainNames: string[];
};

/** lastUsedAt is a hint for admins, not an audit log: one write a minute per key at most. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1), or null. */
export function parseBearerToken(authorization: string | null | undefined): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? "");
  return match ? match[1] : null;
}

/** The key behind an Authorization header; AppError "unauthorized" when missing, unknown or revoked. */
export async function authenticateApiKey(authorization: string | null | undefined): Promise<AuthenticatedApiKey> {
  const token = parseBearerToken(authorization);
  if (!token) throw new AppError("unauthorized", "Send your API key as 'Authorization: Bearer og_...'.");
  // A malformed token cannot match any key: answer without a database round trip.
  if (!looksLikeApiKey(token)) throw new AppError("unauthorized", "The API key is not valid.");
  const db = getDb();
  const key = await db.apiKey.findUnique({
    where: { keyHash: hashApiKey(token) },
    select: { id: true, name: true, lastUsedAt: true, revokedAt: true, domains: { select: { domain: { select: { name: true } } } } },
  });
  if (!key) throw new AppError("unauthorized", "The API key is not valid.");
  if (key.revokedAt) throw new AppError("unauthorized", "This API key has been revoked.");
  const now = new Date();
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    const cutoff = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    // Conditional, so concurrent requests from one key still write once.
    await db.apiKey.updateMany({ where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: cutoff } }] }, data: { lastUsedAt: now } });
  }
  return { id: key.id, name: key.name, domainNames: key.domains.map((link) => link.domain.name) };
}
