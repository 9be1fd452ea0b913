/**
 * What an audit entry may hold: plain JSON with every secret taken out. Keys that name a secret anywhere in the
 * tree (password, secret, token, any hash, an API key, a private key, a credential; `authPasswordEnc` and
 * `key_hash` included) are dropped whatever their value, and so are the keys a target type lists in
 * AUDIT_DENIED_KEYS. Dates become ISO strings, bigints decimal strings, undefined values are left out.
 */
export type AuditJson = string | number | boolean | null | AuditJson[] | { [key: string]: AuditJson };

/** A key whose value is a secret, in camelCase or snake_case. Matched on the whole key, case-insensitively. */
const SECRET_KEY = /pass(word|phrase)?|secret|token|hash|api_?key$|private_?key|credential|^key$|^authorization$|cookie/i;

/**
 * Per target type, further keys never recorded: values that are not secret by name but must not be kept
 * (a message's raw bytes carry its content).
 */
export const AUDIT_DENIED_KEYS: Record<string, readonly string[]> = {
  gateway: ["authPasswordEnc", "smartermailPasswordEnc"],
  "api-key": ["keyHash", "key"],
  admin: ["passwordHash", "sessionVersion"],
  message: ["raw"],
};

/** True when `key` names a secret (see SECRET_KEY) or is denied for `targetType`. */
export function isSecretKey(key: string, targetType?: string): boolean {
  if (SECRET_KEY.test(key)) return true;
  return targetType !== undefined && (AUDIT_DENIED_KEYS[targetType] ?? []).includes(key);
}

/**
 * A JSON copy of `value` without secrets; null for null/undefined. Cycles are cut (a repeated object becomes
 * "[circular]") so a careless caller gets an entry, not a crash.
 */
export function stripSecrets(value: unknown, targetType?: string): AuditJson {
  return toAuditJson(value, targetType, new WeakSet());
}

function toAuditJson(value: unknown, targetType: string | undefined, seen: WeakSet<object>): AuditJson {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value !== "object") return null;
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((item) => toAuditJson(item, targetType, seen));
  const out: Record<string, AuditJson> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || isSecretKey(key, targetType)) continue;
    out[key] = toAuditJson(item, targetType, seen);
  }
  return out;
}

/**
 * The names of secret keys whose value differs between `before` and `after` (top level only): recorded as
 * `detail.secretsChanged` so an entry says "the password changed" without holding either password.
 */
export function listChangedSecrets(before: unknown, after: unknown, targetType?: string): string[] {
  const b = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  return [...keys].filter((key) => isSecretKey(key, targetType) && a[key] !== undefined && !sameValue(b[key], a[key])).sort();
}

function sameValue(x: unknown, y: unknown): boolean {
  if (Buffer.isBuffer(x) && Buffer.isBuffer(y)) return x.equals(y);
  return x === y || (x == null && y == null);
}
