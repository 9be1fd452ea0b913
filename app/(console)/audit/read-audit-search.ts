import { fieldErrorsFromZod } from "@/lib/platform/errors";
import type { FieldErrors } from "@/lib/validation/field-errors";
import { auditFilterSchema, AUDIT_FILTER_FIELDS, type AuditFilter } from "@/lib/validation/audit-filter";

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The Audit page's URL → its filter (null when a field is wrong, with `errors` per field) and the values to show in
 * the form exactly as they came (server-rendered, so the form never loses what was typed).
 */
export function readAuditSearch(params: SearchParams): { filter: AuditFilter | null; errors: FieldErrors; values: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const field of [...AUDIT_FILTER_FIELDS, "cursor"] as const) {
    const raw = params[field];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined) values[field] = value;
  }
  const parsed = auditFilterSchema.safeParse(values);
  if (!parsed.success) return { filter: null, errors: fieldErrorsFromZod(parsed.error), values };
  return { filter: parsed.data, errors: {}, values };
}

/** The URL of the same filter on another page (`cursor`), or its first page. */
export function auditPageHref(values: Record<string, string>, cursor?: string): string {
  const query = new URLSearchParams();
  for (const field of AUDIT_FILTER_FIELDS) if (values[field]) query.set(field, values[field]);
  if (cursor) query.set("cursor", cursor);
  const text = query.toString();
  return text ? `/audit?${text}` : "/audit";
}
