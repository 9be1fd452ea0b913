import { z } from "zod";
import { toAsciiHostname } from "./hostname";
import { LINE_BREAK } from "./mailbox";
import { uuidField } from "./uuid";

/**
 * The message statuses a filter can ask for, mirroring Prisma's MessageStatus one to one
 * (lib/validation/message-filter.test.ts proves it); client code cannot import Prisma.
 */
export const MESSAGE_FILTER_STATUSES = ["QUEUED", "HELD", "DELIVERED", "PARTIALLY_DELIVERED", "FAILED", "DELETED"] as const;
export type MessageFilterStatus = (typeof MESSAGE_FILTER_STATUSES)[number];

/** Substring searches use a trigram index, which needs three characters to narrow anything down. */
export const MIN_SUBSTRING_LENGTH = 3;
export const MESSAGE_ID_MATCHES = ["exact", "prefix"] as const;
/** How a message arrived (messages.submitted_via): the HTTP API (and Outgate's own DSNs) or the SMTP listener. */
export const MESSAGE_SOURCES = ["api", "smtp"] as const;

/** The URL parameter names, in the order a filter bar shows them. */
export const MESSAGE_FILTER_FIELDS = [
  "sender",
  "recipient",
  "subject",
  "messageId",
  "messageIdMatch",
  "status",
  "gatewayId",
  "senderDomain",
  "submittedVia",
  "apiKeyId",
  "smtpCredentialId",
  "from",
  "to",
] as const;
export type MessageFilterField = (typeof MESSAGE_FILTER_FIELDS)[number];

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
// A form's datetime-local value ("2026-12-01T09:30", seconds optional) or a full ISO instant with its zone.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Empty form fields and repeated URL parameters (?a=1&a=2, first wins) both arrive as "no value" or one string. */
const blankToUndefined = (value: unknown) => {
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === "string" && one.trim() === "" ? undefined : one;
};
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const text = (label: string, max: number) =>
  z
    .string(`${label} must be text.`)
    .trim()
    .max(max, `${label} is at most ${max} characters.`)
    .refine((value) => !LINE_BREAK.test(value), `${label} cannot contain line breaks.`);

const substring = (label: string, max: number) => text(label, max).refine((value) => value.length >= MIN_SUBSTRING_LENGTH, `Type at least ${MIN_SUBSTRING_LENGTH} characters to search the ${label.toLowerCase()}.`);

const uuid = (label: string) => uuidField(`Choose ${label}.`, `Choose ${label} from the list.`);

/**
 * "YYYY-MM-DD", "YYYY-MM-DDTHH:mm[:ss]" (read as UTC, as the console shows times) or an ISO instant → a Date.
 * With `endOfDay`, a bare date means the end of that day (the next midnight, exclusive), so "to 2026-12-01"
 * includes all of December 1st.
 */
const instant = (label: string, { endOfDay }: { endOfDay: boolean }) =>
  z.union([z.date(), z.string(`${label} must be a date.`)]).transform((value, ctx) => {
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) ctx.addIssue({ code: "custom", message: `${label} is not a valid date.` });
      return value;
    }
    const trimmed = value.trim();
    const dateOnly = DATE_ONLY.test(trimmed);
    if (!dateOnly && !DATE_TIME.test(trimmed)) {
      ctx.addIssue({ code: "custom", message: `${label} must look like 2026-12-01 or 2026-12-01T09:30.` });
      return z.NEVER;
    }
    const hasZone = /(Z|[+-]\d{2}:\d{2})$/.test(trimmed);
    const date = new Date(dateOnly ? `${trimmed}T00:00:00Z` : hasZone ? trimmed : `${trimmed}Z`);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: "custom", message: `${label} is not a valid date.` });
      return z.NEVER;
    }
    return dateOnly && endOfDay ? new Date(date.getTime() + 86_400_000) : date;
  });

/** The Sender filter's value for the null reverse-path `<>` (RFC 5321 §4.5.5): bounces and other DSNs. */
export const NULL_SENDER = "<>";

/**
 * What the Messages page, its CSV export, its live refresh and the bulk queue actions select. Every field is
 * optional; the fields combine with AND. How each field matches (the indexes behind them are in
 * prisma/migrations/20261202040000_message_search_indexes):
 * - `sender`: the envelope sender containing the text ("billing@", "example.com"), case-insensitive, at least 3
 *   characters (trigram); or `<>` (NULL_SENDER): the null reverse-path of bounces and other DSNs (RFC 5321 §4.5.5),
 *   Outgate's own and those relayed for a mail server.
 * - `recipient`: any recipient address containing the text, case-insensitive, at least 3 characters (trigram).
 *   For both, a domain typed in Unicode ("bücher.example", "@bücher") also matches its stored ASCII form
 *   (xn--bcher-kva.example); a Unicode label typed only in part cannot be matched, so "bücher" does not find
 *   bücherei.example (lib/engine/queue/address-search-terms.ts).
 * - `subject`: the subject containing the text, case-insensitive, at least 3 characters (trigram).
 * - `messageId`: the Message-ID header without angle brackets, exact or, with `messageIdMatch: "prefix"`, starting
 *   with the text (case-sensitive, as RFC 5322 §3.6.4 ids are compared).
 * - `status`: one MessageStatus (URL form: any case, "queued").
 * - `gatewayId`: the gateway of the latest attempt (for a queued message: the one last tried).
 * - `senderDomain`: the envelope sender's domain, exact (IDNA names as their ASCII form).
 * - `submittedVia`: "api" or "smtp" (any case), how it arrived.
 * - `apiKeyId`: the API key that submitted it.
 * - `smtpCredentialId`: the SMTP credential (or IP relay entry) it came in with.
 * - `from` / `to`: created at or after `from`, before `to` (a bare date `to` includes that whole day), UTC.
 * Parses a JSON body or a URL's search params (a Record of string | string[]) alike; blank fields are absent.
 * Errors are zod issues with one clear message per field path.
 */
export const messageFilterSchema = z
  .object({
    sender: optional(
      text("Sender", 320)
        .refine((value) => value === NULL_SENDER || value.length >= MIN_SUBSTRING_LENGTH, `Type at least ${MIN_SUBSTRING_LENGTH} characters to search the sender, or <> for bounces.`)
        .transform((value) => value.toLowerCase()),
    ),
    recipient: optional(substring("Recipient", 320).transform((value) => value.toLowerCase())),
    subject: optional(substring("Subject", 200)),
    messageId: optional(text("Message-ID", 998).transform((value) => value.replace(/^<|>$/g, ""))),
    messageIdMatch: optional(z.enum(MESSAGE_ID_MATCHES, { error: "Choose exact or prefix." })),
    status: optional(
      z.preprocess(
        (value) => (typeof value === "string" ? value.trim().toUpperCase() : value),
        z.enum(MESSAGE_FILTER_STATUSES, { error: "Choose a status from the list." }),
      ),
    ),
    gatewayId: optional(uuid("a gateway")),
    senderDomain: optional(
      text("Sender domain", 253).transform((value, ctx) => {
        const ascii = toAsciiHostname(value.replace(/^@/, ""));
        if (!ascii) {
          ctx.addIssue({ code: "custom", message: "Enter a domain name such as example.com." });
          return z.NEVER;
        }
        return ascii;
      }),
    ),
    submittedVia: optional(
      z.preprocess((value) => (typeof value === "string" ? value.trim().toLowerCase() : value), z.enum(MESSAGE_SOURCES, { error: "Choose a source from the list." })),
    ),
    apiKeyId: optional(uuid("an API key")),
    smtpCredentialId: optional(uuid("an SMTP credential")),
    from: optional(instant("From", { endOfDay: false })),
    to: optional(instant("To", { endOfDay: true })),
  })
  .refine((filter) => !(filter.from && filter.to) || filter.from < filter.to, { path: ["to"], message: "To must be after From." });

export type MessageFilterInput = z.input<typeof messageFilterSchema>;
export type MessageFilter = z.output<typeof messageFilterSchema>;

/** True when the filter selects every message. */
export function isEmptyMessageFilter(filter: MessageFilter): boolean {
  return MESSAGE_FILTER_FIELDS.every((field) => field === "messageIdMatch" || filter[field] === undefined);
}

/**
 * A filter → URL search params that parse back to the same filter (links, CSV export, live refresh). Dates are
 * written as ISO instants; an exact Message-ID match (the default) is left out.
 */
export function toMessageFilterSearchParams(filter: MessageFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of MESSAGE_FILTER_FIELDS) {
    const value = filter[field];
    if (value === undefined) continue;
    if (field === "messageIdMatch" && (value === "exact" || filter.messageId === undefined)) continue;
    params.set(field, value instanceof Date ? value.toISOString() : field === "status" ? String(value).toLowerCase() : String(value));
  }
  return params;
}

type SourceFields = Partial<Record<"submittedVia" | "apiKeyId" | "smtpCredentialId", string>>;

/**
 * The filter bar's one Source select → the filter field it stands for: "via:api" / "via:smtp" → submittedVia,
 * "key:<uuid>" → apiKeyId, "credential:<uuid>" → smtpCredentialId, "" → nothing. Anything else becomes a
 * submittedVia the schema refuses, so a hand-edited URL gets a field error instead of being silently ignored.
 */
export function readMessageSource(source: string): SourceFields {
  const value = source.trim();
  if (value === "") return {};
  const colon = value.indexOf(":");
  const [kind, id] = colon < 0 ? ["", value] : [value.slice(0, colon), value.slice(colon + 1)];
  if (kind === "via") return { submittedVia: id };
  if (kind === "key") return { apiKeyId: id };
  if (kind === "credential") return { smtpCredentialId: id };
  return { submittedVia: value };
}

/** The Source select's value for a filter ("" for any source); the inverse of readMessageSource. */
export function toMessageSource(filter: MessageFilter): string {
  if (filter.smtpCredentialId) return `credential:${filter.smtpCredentialId}`;
  if (filter.apiKeyId) return `key:${filter.apiKeyId}`;
  if (filter.submittedVia) return `via:${filter.submittedVia}`;
  return "";
}
