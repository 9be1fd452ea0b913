import type { Prisma } from "../../generated/prisma/client";

export type AuditDiffRow = {
  key: string;
  /** The value as text ("—" when absent): JSON for objects and arrays, the string itself for strings. */
  before: string;
  after: string;
};

/** Keys that change with every write and say nothing an admin asked for. */
const NOISE_KEYS = new Set(["updatedAt"]);

/**
 * What an entry changed, one row per top-level key, sorted by key: for an update only the keys whose value differs;
 * for a create (no before) or a delete (no after) every key of the side that exists.
 */
export function diffAuditValues(before: Prisma.JsonValue | null, after: Prisma.JsonValue | null): AuditDiffRow[] {
  const b = asObject(before);
  const a = asObject(after);
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].filter((key) => !NOISE_KEYS.has(key)).sort();
  const rows: AuditDiffRow[] = [];
  for (const key of keys) {
    const was = b?.[key];
    const now = a?.[key];
    if (b && a && JSON.stringify(was) === JSON.stringify(now)) continue;
    rows.push({ key, before: b ? showValue(was) : "—", after: a ? showValue(now) : "—" });
  }
  return rows;
}

function asObject(value: Prisma.JsonValue | null): Record<string, Prisma.JsonValue> | null {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, Prisma.JsonValue>) : null;
}

function showValue(value: Prisma.JsonValue | undefined): string {
  if (value === undefined) return "—";
  if (value === null) return "null";
  if (typeof value === "string") return value === "" ? '""' : value;
  return JSON.stringify(value);
}
