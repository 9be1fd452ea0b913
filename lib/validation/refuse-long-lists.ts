import type { z } from "zod";

/** Custom headers per composed message. */
export const MAX_CUSTOM_HEADERS = 50;
/** Attachments per composed message. */
export const MAX_ATTACHMENTS = 100;
/** Reply-To addresses per composed message: where answers go, a few at most in practice. */
export const MAX_REPLY_TO = 100;

/**
 * Refuses a submission body whose lists are longer than the limits, by their lengths alone, before any item is
 * parsed: parsing costs microseconds per address, so a million of them held the event loop for seconds before the
 * 422 (issue 12, kind 6). Each recipient list — to, cc, bcc, envelope.to — may list at most `maxRecipients` addresses,
 * duplicates included (one list naming an address twice is a mistake, while to and cc may well overlap; the unique
 * recipients are checked against the limit after parsing), so the work per message is bounded by the configured
 * limit. Headers are
 * counted with an early stop, never all read. Adds issues at the list's path and returns whether any was added.
 * Shapes that are not lists are left for the schema to refuse with its own message.
 */
export function refuseLongLists(body: Record<string, unknown>, mode: "raw" | "compose", { maxRecipients }: { maxRecipients: number }, ctx: z.RefinementCtx): boolean {
  const issues: { path: string[]; message: string }[] = [];
  const checkRecipients = (value: unknown, path: string[]) => {
    const listed = countListed(value);
    if (listed > maxRecipients) issues.push({ path, message: `A message may have at most ${maxRecipients} recipients; ${path.join(".")} lists ${listed}.` });
  };
  if (mode === "raw") {
    const envelope = body.envelope;
    if (envelope && typeof envelope === "object") checkRecipients((envelope as Record<string, unknown>).to, ["envelope", "to"]);
  } else {
    for (const field of ["to", "cc", "bcc"]) checkRecipients(body[field], [field]);
    if (countListed(body.replyTo) > MAX_REPLY_TO) issues.push({ path: ["replyTo"], message: `Give at most ${MAX_REPLY_TO} Reply-To addresses.` });
    if (Array.isArray(body.attachments) && body.attachments.length > MAX_ATTACHMENTS) {
      issues.push({ path: ["attachments"], message: `Give at most ${MAX_ATTACHMENTS} attachments.` });
    }
    if (hasMoreKeysThan(body.headers, MAX_CUSTOM_HEADERS)) issues.push({ path: ["headers"], message: `Give at most ${MAX_CUSTOM_HEADERS} custom headers.` });
  }
  for (const issue of issues) ctx.addIssue({ code: "custom", input: body, ...issue });
  return issues.length > 0;
}

/** How many entries a mailbox list field holds: its length, one for a single mailbox, none when absent. */
function countListed(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  return value === undefined || value === null ? 0 : 1;
}

/** Whether a plain object has more than `max` own keys, looking at no more than max + 1 of them. */
function hasMoreKeysThan(value: unknown, max: number): boolean {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  let count = 0;
  for (const key in value) if (Object.hasOwn(value, key) && ++count > max) return true;
  return false;
}
