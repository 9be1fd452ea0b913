import { createHash } from "node:crypto";
import { getProcessSingleton } from "../../platform/process-singleton";

export type CachedToken = { accessToken: string; reuseUntil: number; emailAddress?: string };
type Entry = { token?: CachedToken; pending?: Promise<CachedToken> };

// Renew this long before accessTokenExpiration, so a token never dies between our check and the call.
const RENEW_MARGIN_MS = 60_000;
// When the expiration is missing or implausible (clock skew, a date without a zone), reuse briefly;
// the 401 → re-login path covers us if the server disagrees.
const FALLBACK_REUSE_MS = 5 * 60_000;
const MAX_PLAUSIBLE_LIFETIME_MS = 24 * 60 * 60_000;

// Shared by the clients created per page render (one per gateway), so they reuse a login instead of authenticating
// on every render; and one per process (getProcessSingleton), so every module copy reuses it. SmarterMail tokens live
// ~15 minutes.
const cache = getProcessSingleton("outgate.smartermail.token-cache", () => new Map<string, Entry>());

/** The password enters the key hashed only, so the map never holds it in clear beside the token. */
export function buildTokenCacheKey(baseUrl: string, username: string, password: string): string {
  const passwordHash = createHash("sha256").update(password).digest("hex");
  return `${baseUrl}\n${username.toLowerCase()}\n${passwordHash}`;
}

/** Until when a token may be reused, from the server's `accessTokenExpiration`. Pure. */
export function computeReuseUntil(expiration: string | null | undefined, now: number): number {
  const expiresAt = expiration ? Date.parse(expiration) : Number.NaN;
  const lifetime = expiresAt - now;
  if (!Number.isFinite(lifetime) || lifetime <= 0 || lifetime > MAX_PLAUSIBLE_LIFETIME_MS) {
    return now + FALLBACK_REUSE_MS;
  }
  // A short-lived token (tests, odd configs) still gets half its life instead of none.
  return expiresAt - Math.min(RENEW_MARGIN_MS, lifetime / 2);
}

/**
 * Returns a cached token still inside its reuse window, else logs in. Concurrent callers for the same
 * key share one login in flight. `fresh` skips the cached token (e.g. "test connection").
 */
export function getToken(
  key: string,
  login: () => Promise<CachedToken>,
  options: { fresh?: boolean } = {},
): Promise<CachedToken> {
  const entry = cache.get(key) ?? {};
  if (!options.fresh && entry.token && entry.token.reuseUntil > Date.now()) return Promise.resolve(entry.token);
  // A login already under way is as fresh as the one we would start.
  if (entry.pending) return entry.pending;

  const pending = login().then(
    (token) => {
      cache.set(key, { token });
      pruneExpired();
      return token;
    },
    (error: unknown) => {
      const current = cache.get(key);
      if (current?.pending === pending) cache.set(key, { token: current.token });
      throw error;
    },
  );
  cache.set(key, { ...entry, pending });
  return pending;
}

/** Drops a token the server refused, unless another caller already replaced it with a newer one. */
export function forgetToken(key: string, accessToken: string): void {
  const entry = cache.get(key);
  if (entry?.token?.accessToken === accessToken) cache.set(key, { pending: entry.pending });
}

/** For tests. */
export function clearSmarterMailTokenCache(): void {
  cache.clear();
}

function pruneExpired(): void {
  const now = Date.now();
  for (const [key, entry] of cache) {
    if (!entry.pending && (!entry.token || entry.token.reuseUntil <= now)) cache.delete(key);
  }
}
