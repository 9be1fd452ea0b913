import { createHash, randomBytes } from "node:crypto";

export const API_KEY_PREFIX = "og_";
/** "og_" + 32 random bytes in base64url (43 characters). */
const API_KEY_PATTERN = /^og_[A-Za-z0-9_-]{43}$/;
/** How much of the key the console shows: enough to tell keys apart, far too little to guess the rest. */
const DISPLAY_PREFIX_LENGTH = 10;

export function generateApiKey(): { key: string; prefix: string; keyHash: string } {
  const key = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  return { key, prefix: key.slice(0, DISPLAY_PREFIX_LENGTH), keyHash: hashApiKey(key) };
}

/** Keys carry 256 random bits, so a plain sha256 is enough (no slow hash) and lookups stay one index probe. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function looksLikeApiKey(value: string): boolean {
  return API_KEY_PATTERN.test(value);
}
