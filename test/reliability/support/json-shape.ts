/**
 * Compares a real JSON answer with the one a document shows. The rule, recursively:
 * - objects have exactly the same keys;
 * - arrays have the same length and match item by item;
 * - a value under a key in VARIABLE_KEYS (ids, times, sizes, counts: they differ on every call) need only have the
 *   same JSON type;
 * - a documented string containing "…" is a pattern: "…" stands for any text, the rest must be there in order
 *   ("…@example.com" is any string ending in "@example.com");
 * - every other value is equal.
 */
export const VARIABLE_KEYS = new Set([
  "id",
  "createdAt",
  "updatedAt",
  "completedAt",
  "startedAt",
  "nextAttemptAt",
  "accessTokenExpiration",
  "durationMs",
  "size",
  // POST /api/worker/drain and the spool counts: how much was queued at that moment.
  "claimed",
  "delivered",
  "deferred",
  "failed",
  "default",
  "waiting",
]);

const ELLIPSIS = "…";

function jsonType(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

/** True when `actual` fits `pattern`, where each "…" in the pattern stands for any text (possibly none). */
export function matchesPattern(actual: string, pattern: string): boolean {
  const parts = pattern.split(ELLIPSIS);
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!actual.startsWith(first) || actual.length < first.length + last.length || !actual.endsWith(last)) return false;
  let at = first.length;
  for (const middle of parts.slice(1, -1)) {
    const found = actual.indexOf(middle, at);
    if (found === -1 || found + middle.length > actual.length - last.length) return false;
    at = found + middle.length;
  }
  return true;
}

/** Every way `actual` departs from `documented`, as "path: what" lines; empty when it matches. */
export function differencesFromDocumented(actual: unknown, documented: unknown, path = "$", key = ""): string[] {
  const show = (value: unknown) => JSON.stringify(value);
  if (jsonType(actual) !== jsonType(documented)) return [`${path}: documented ${show(documented)} (${jsonType(documented)}), got ${show(actual)}`];
  if (typeof documented === "string" && documented.includes(ELLIPSIS) && !VARIABLE_KEYS.has(key)) {
    return matchesPattern(actual as string, documented) ? [] : [`${path}: got ${show(actual)}, which does not fit the documented ${show(documented)}`];
  }
  if (VARIABLE_KEYS.has(key) && jsonType(documented) !== "object" && jsonType(documented) !== "array") return [];
  if (Array.isArray(documented)) {
    const items = actual as unknown[];
    if (items.length !== documented.length) return [`${path}: documented ${documented.length} items, got ${items.length}: ${show(actual)}`];
    return documented.flatMap((item, index) => differencesFromDocumented(items[index], item, `${path}[${index}]`));
  }
  if (documented && typeof documented === "object") {
    const real = actual as Record<string, unknown>;
    const doc = documented as Record<string, unknown>;
    const missing = Object.keys(doc).filter((name) => !Object.hasOwn(real, name));
    const extra = Object.keys(real).filter((name) => !Object.hasOwn(doc, name));
    return [
      ...missing.map((name) => `${path}.${name}: documented but not in the answer`),
      ...extra.map((name) => `${path}.${name}: in the answer (${show(real[name])}) but not documented`),
      ...Object.keys(doc)
        .filter((name) => Object.hasOwn(real, name))
        .flatMap((name) => differencesFromDocumented(real[name], doc[name], `${path}.${name}`, name)),
    ];
  }
  return actual === documented ? [] : [`${path}: documented ${show(documented)}, got ${show(actual)}`];
}
