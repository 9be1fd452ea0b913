import { fieldErrorsFromZod } from "@/lib/platform/errors";
import type { FieldErrors } from "@/lib/validation/field-errors";
import { messageFilterSchema, MESSAGE_FILTER_FIELDS, readMessageSource, toMessageSource, type MessageFilter } from "@/lib/validation/message-filter";

type SearchParams = Record<string, string | string[] | undefined>;

/** The filter fields the filter bar's one Source select stands for (lib/validation/message-filter.ts readMessageSource). */
const SOURCE_FIELDS = ["submittedVia", "apiKeyId", "smtpCredentialId"] as const;

/**
 * The Messages page's URL → its filter (null when a field is wrong, with `errors` per field), the cursor, Live, and
 * the values to show in the form as the admin typed them (dates as the datetime-local inputs want them, `source` as
 * the Source select's value). The form sends `source`; links (tabs, pages, CSV) carry the filter's own fields
 * (submittedVia, apiKeyId, smtpCredentialId). When `source` is present, even blank, it is the admin's latest choice
 * and replaces them.
 */
export function readMessageSearch(params: SearchParams): { filter: MessageFilter | null; errors: FieldErrors; values: Record<string, string>; cursor?: string; live: boolean } {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const values: Record<string, string> = {};
  for (const field of MESSAGE_FILTER_FIELDS) {
    const value = first(params[field]);
    if (value !== undefined) values[field] = value;
  }
  const source = first(params.source);
  if (source !== undefined) {
    for (const field of SOURCE_FIELDS) delete values[field];
    Object.assign(values, readMessageSource(source));
  }
  const parsed = messageFilterSchema.safeParse(values);
  const cursor = first(params.cursor);
  const live = first(params.live) === "1";
  if (!parsed.success) {
    const errors = fieldErrorsFromZod(parsed.error);
    // The select cannot show a value it has no option for; the field error under it says what was wrong.
    return { filter: null, errors, values: { ...values, source: source ?? "" }, cursor, live };
  }
  const filter = parsed.data;
  for (const field of ["from", "to"] as const) {
    const date = filter[field];
    if (date) values[field] = date.toISOString().slice(0, 16);
  }
  return { filter, errors: {}, values: { ...values, source: toMessageSource(filter) }, cursor, live };
}
