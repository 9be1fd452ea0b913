import { z } from "zod";
import { base64Schema } from "./base64";
import { customHeaderProblem } from "./header-policy";
import { LINE_BREAK, mailboxAddressSchema, mailboxListSchema, mailboxSchema } from "./mailbox";
import { MAX_ATTACHMENTS, refuseLongLists } from "./refuse-long-lists";
import { apiDsnRequestSchema } from "./dsn-request";

export type SubmitMessageLimits = { maxRecipients: number };

// RFC 5322 §3.6.8: field-name = 1*ftext, printable US-ASCII except ":".
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;
// RFC 6838 §4.2: a type and a subtype name are at most 127 characters each (so Content-Type stays within a line).
const MIME_TYPE = /^[A-Za-z0-9!#$&^_.+-]{1,127}\/[A-Za-z0-9!#$&^_.+-]{1,127}$/;

const headerTextSchema = (what: string, max: number) =>
  z
    .string(`The ${what} must be text.`)
    .max(max, `The ${what} is longer than ${max} characters.`)
    .refine((value) => !LINE_BREAK.test(value), `The ${what} must not contain line breaks.`);

const headersSchema = z.record(z.string(), z.string("Header values must be text.")).superRefine((headers, ctx) => {
  // Their number is checked before any is read (refuseLongLists).
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    const path = [name];
    if (!FIELD_NAME.test(name) || name.length > 76) {
      ctx.addIssue({ code: "custom", path, message: "A header name is printable ASCII without spaces or colons, at most 76 characters." });
    } else {
      const problem = customHeaderProblem(name);
      if (problem) ctx.addIssue({ code: "custom", path, message: problem });
    }
    if (LINE_BREAK.test(value)) ctx.addIssue({ code: "custom", path, message: "Header values must not contain line breaks." });
    else if (value.length > 998) ctx.addIssue({ code: "custom", path, message: "Header values are at most 998 characters." });
  }
});

const attachmentSchema = z.strictObject({
  filename: headerTextSchema("file name", 255).pipe(z.string().trim().min(1, "Give the attachment a file name.")),
  content: base64Schema,
  contentType: z
    .string()
    .regex(MIME_TYPE, 'Give a MIME type such as "application/pdf" (type and subtype at most 127 characters each, RFC 6838 §4.2).')
    .optional()
    .meta({ description: "Guessed from the file name when absent." }),
});

const composeSchema = z.strictObject({
  mode: z.literal("compose"),
  from: mailboxSchema,
  to: mailboxListSchema.default([]),
  cc: mailboxListSchema.default([]),
  bcc: mailboxListSchema.default([]).meta({ description: "Envelope only; never in the headers." }),
  replyTo: mailboxListSchema.default([]),
  subject: headerTextSchema("subject", 998).default(""),
  text: z.string("The text body must be text.").optional().meta({ description: "The plain-text body." }),
  html: z.string("The HTML body must be text.").optional().meta({ description: "The HTML body; with text, the message is multipart/alternative." }),
  headers: headersSchema.default({}).meta({
    description:
      "At most 50 custom headers, name → value; structural ones (From, Sender, To, Subject, Content-Type, ...), trace and " +
      "authentication ones (Received, Return-Path, Authentication-Results, ARC-*, DKIM-Signature) and Resent-* are refused.",
  }),
  attachments: z.array(attachmentSchema).max(MAX_ATTACHMENTS, `Give at most ${MAX_ATTACHMENTS} attachments.`).default([]),
  dsn: apiDsnRequestSchema.optional(),
});

const rawSchema = z.strictObject({
  mode: z.literal("raw"),
  raw: base64Schema.refine((bytes) => bytes.length > 0, "The raw message is empty.").meta({ description: "A complete RFC 5322 message, base64." }),
  envelope: z.strictObject(
    {
      from: mailboxAddressSchema,
      to: z.array(mailboxAddressSchema, "Give the envelope recipients as a list of addresses."),
    },
    'Raw messages need an envelope: { "from": "...", "to": ["..."] }.',
  ).meta({ description: "The SMTP envelope (MAIL FROM, RCPT TO); the message's own headers are not read for it." }),
  dsn: apiDsnRequestSchema.optional(),
});

/** Addresses once each, in order (domains are already lower-case, so equal strings are equal mailboxes). */
function unique(addresses: string[]): string[] {
  return [...new Set(addresses)];
}

/**
 * The one schema for POST /api/v1/messages. A body with `raw` is a ready RFC 5322 message with an explicit
 * envelope; any other body is composed from its fields. The output carries `mode` and, for both modes, the
 * envelope recipients (`rcptTo`) — Bcc included, duplicates removed, checked against the recipient limit.
 */
export function makeSubmitMessageSchema({ maxRecipients }: SubmitMessageLimits) {
  const checkRecipients = (rcptTo: string[], ctx: z.RefinementCtx, path: string[]) => {
    if (rcptTo.length === 0) ctx.addIssue({ code: "custom", path, message: "Give at least one recipient (to, cc or bcc)." });
    if (rcptTo.length > maxRecipients) {
      ctx.addIssue({ code: "custom", path, message: `A message may have at most ${maxRecipients} recipients; this one has ${rcptTo.length}.` });
    }
  };
  return z.preprocess(
    (body, ctx) => {
      if (!body || typeof body !== "object" || Array.isArray(body)) return body;
      const mode = "raw" in body ? "raw" : "compose";
      // Lists too long are refused by their lengths before any item is parsed; the schema then stops there.
      if (refuseLongLists(body as Record<string, unknown>, mode, { maxRecipients }, ctx)) return body;
      return { ...body, mode };
    },
    z.discriminatedUnion("mode", [
      composeSchema.transform((message, ctx) => {
        const rcptTo = unique([...message.to, ...message.cc, ...message.bcc].map((mailbox) => mailbox.address));
        checkRecipients(rcptTo, ctx, ["to"]);
        return { ...message, rcptTo };
      }),
      rawSchema.transform((message, ctx) => {
        const rcptTo = unique(message.envelope.to);
        checkRecipients(rcptTo, ctx, ["envelope", "to"]);
        return { ...message, rcptTo };
      }),
    ], { error: "The body must be a JSON object." }),
  );
}

/**
 * The two bodies of POST /api/v1/messages as a client writes them (without `mode`, which the schema above adds),
 * for the API description in lib/http/openapi.ts; requests are parsed by makeSubmitMessageSchema only.
 */
export const composedMessageBodySchema = composeSchema.omit({ mode: true }).meta({
  description: "A message composed from its fields; to, cc and bcc together name at least one recipient.",
});
export const rawMessageBodySchema = rawSchema.omit({ mode: true }).meta({
  description:
    "A ready RFC 5322 message with its SMTP envelope, sent as it is except: line ends become CRLF, Bcc and Resent-Bcc fields are " +
    "removed, and a Message-ID and a Date are added when it has none. Refused (422, naming the line or field and the rule): " +
    "a bare CR, a NUL, a line over 998 octets, no From or a malformed From, Sender, Message-ID or Date, a repeated From, Subject, To, ... field, " +
    "a Received, Return-Path, Authentication-Results or ARC-* field. Refused (403): a From, Sender, Resent-From or Resent-Sender address, or a " +
    "DKIM-Signature d=, at a domain the API key may not send for.",
});

export type SubmitMessageValues = z.output<ReturnType<typeof makeSubmitMessageSchema>>;
export type ComposedMessageValues = Extract<SubmitMessageValues, { mode: "compose" }>;
export type RawMessageValues = Extract<SubmitMessageValues, { mode: "raw" }>;
