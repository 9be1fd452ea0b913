import { z } from "zod";

/**
 * The Audit page's filters, from its URL (a plain GET form). Every field optional; "" means "any".
 * - actor: the admin's email (or key/system label) exactly, as the entry recorded it.
 * - action: one action ("gateway.update") or a whole area ("gateway.*").
 * - target: a target id exactly, or part of its name (case-insensitive, ≥ 2 characters).
 * - from / to: UTC days (YYYY-MM-DD), both inclusive.
 * - cursor: the id of the last entry of the previous page (entries are listed newest first).
 */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .transform((value) => value || undefined)
    .optional();

const day = z
  .string()
  .trim()
  .refine((value) => value === "" || (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))), "A date like 2026-12-01.")
  .transform((value) => (value ? new Date(`${value}T00:00:00Z`) : undefined))
  .optional();

export const AUDIT_ACTION_PATTERN = /^[a-z][a-z0-9-]*\.([a-z][a-z0-9-]*|\*)$/;

export const auditFilterSchema = z
  .object({
    actor: optionalText(320),
    action: z
      .string()
      .trim()
      .refine((value) => value === "" || AUDIT_ACTION_PATTERN.test(value), "An action like gateway.update, or an area like gateway.*.")
      .transform((value) => value || undefined)
      .optional(),
    target: optionalText(200).refine((value) => value === undefined || value.length >= 2, "At least 2 characters."),
    from: day,
    to: day,
    cursor: z
      .string()
      .trim()
      .refine((value) => value === "" || /^\d{1,18}$/.test(value), "Not a page of this list.")
      .transform((value) => value || undefined)
      .optional(),
  })
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, { message: "The end is before the start.", path: ["to"] });

export type AuditFilter = z.output<typeof auditFilterSchema>;
export const AUDIT_FILTER_FIELDS = ["actor", "action", "target", "from", "to"] as const;
