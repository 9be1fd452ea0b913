import { createHash, randomBytes } from "node:crypto";
import { getProcessSingleton } from "../../platform/process-singleton";
import { verifyPassword } from "../../platform/password";

/**
 * How long a verified password skips argon2 since it was last presented (each hit extends it). A changed password
 * misses at once (the stored hash is in the key) and a revoked credential is refused by its row, read every AUTH.
 */
export const VERIFIED_PASSWORD_TTL_MS = 5 * 60_000;
/** Bounded, so a flood of distinct right passwords (there are not many credentials) cannot grow memory. */
const MAX_ENTRIES = 10_000;

type Cache = { salt: Buffer; entries: Map<string, { credentialId: string; expiresAt: number }> };

const cache = getProcessSingleton("outgate.smtp-credentials.verified-passwords", (): Cache => ({ salt: randomBytes(32), entries: new Map() }));

/**
 * The cache key of one (credential, stored hash, password) triple: sha256 over a per-process random salt and all
 * three, length-prefixed so no two triples share a key. Only a password that argon2 accepted is ever stored, so a
 * wrong password cannot hit; the stored hash is in the key, so a changed password misses at once; the salt keeps
 * the keys useless outside this process (no precomputed sha256 table of passwords fits them).
 */
function cacheKeyOf(credentialId: string, passwordHash: string, password: string): string {
  const hash = createHash("sha256").update(cache.salt);
  for (const part of [credentialId, passwordHash, password]) hash.update(`${Buffer.byteLength(part)}:`).update(part);
  return hash.digest("base64url");
}

/**
 * Checks `password` against a credential's argon2id hash (lib/platform/password.ts), remembering a success for
 * VERIFIED_PASSWORD_TTL_MS so a client that opens a session per message does not pay ~50 ms of argon2 each time.
 * `credential` null: verified against the decoy hash (same cost as a real check), always false.
 */
export async function verifySmtpPassword(credential: { id: string; passwordHash: string } | null, password: string, now = Date.now()): Promise<boolean> {
  if (!credential) return verifyPassword(null, password);
  if (isVerifiedPassword(credential, password, now)) return true;
  const key = cacheKeyOf(credential.id, credential.passwordHash, password);
  const ok = await verifyPassword(credential.passwordHash, password);
  if (!ok) return false;
  if (cache.entries.size >= MAX_ENTRIES) cache.entries.delete(cache.entries.keys().next().value!);
  cache.entries.set(key, { credentialId: credential.id, expiresAt: now + VERIFIED_PASSWORD_TTL_MS });
  return true;
}

/**
 * Whether this exact password was verified for this credential (as stored now) within VERIFIED_PASSWORD_TTL_MS of
 * its last use — answered from memory, no argon2; a hit extends the entry. Only a password argon2 accepted is ever
 * in the cache, so a true here is as good as a check.
 */
export function isVerifiedPassword(credential: { id: string; passwordHash: string }, password: string, now = Date.now()): boolean {
  const key = cacheKeyOf(credential.id, credential.passwordHash, password);
  const hit = cache.entries.get(key);
  if (!hit) return false;
  if (hit.expiresAt <= now) {
    cache.entries.delete(key);
    return false;
  }
  hit.expiresAt = now + VERIFIED_PASSWORD_TTL_MS;
  return true;
}

/**
 * Drops this process's cached successes for a credential (revoked or deleted). Not what makes a revocation work —
 * every AUTH reads the credential's row, and the listener may run in another process — but nothing stays in
 * memory for a credential that no longer signs in.
 */
export function forgetVerifiedPasswords(credentialId: string): void {
  for (const [key, entry] of cache.entries) if (entry.credentialId === credentialId) cache.entries.delete(key);
}
