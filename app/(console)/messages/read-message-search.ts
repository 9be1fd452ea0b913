import { fieldErrorsFromZod } from "@/lib/platform/errors";
import type { FieldErrors } from "@/lib/validation/field-errors";
import { messageFilterSchema, MESSAGE_FILTER_FIELDS, type MessageFilter } from "@/lib/validation/message-filter";

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The Messages page's URL → its filter (null when a field is wrong, with `errors` per field), the cursor, Live, and
 * the values to show in the form as the admin typed them (dates as the datetime-local inputs want them).
 */
export function readMessageSearch(params: SearchParams): { filter: MessageFilter | null; errors: FieldErrors; values: Record<string, string>; cursor?: string; live: boolean } {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const values: Record<string, string> = {};
  for (const field of MESSAGE_FILTER_FIELDS) {
    const value = first(params[field]);
    if (value !== undefined) values[field] = value;
  }
  const parsed = messageFilterSchema.safeParse(values);
  const cursor = first(params.cursor);
  const live = first(params.live) === "1";
  if (!parsed.success) return { filter: null, errors: fieldErrorsFromZod(parsed.error), values, cursor, live };
  const filter = parsed.data;
  for (const field of ["from", "to"] as const) {
    const date = filter[field];
    if (date) values[field] = date.toISOString().slice(0, 16);
  }
  return { filter, errors: {}, values, cursor, live };
}
