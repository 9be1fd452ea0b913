import { z } from "zod";
import { documentAcceptedShape } from "./accepted-shape";
import { toAsciiHostname } from "./hostname";

// RFC 5321 §4.1.2: Local-part = Dot-string / Quoted-string.
const DOT_STRING = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const QUOTED_STRING = /^"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"$/;
// RFC 6531 §3.3: with SMTPUTF8, atext and qtextSMTP also take UTF8-non-ascii (RFC 6532 §3.2). Not controls, format
// characters (bidi overrides, zero-width joiners: they disguise an address), unassigned code points or non-ASCII spaces.
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const UTF8_CHARACTER = "(?:(?![\\p{C}\\p{Z}])[^\\x00-\\x7f])";
const UTF8_DOT_STRING = new RegExp(`^(?:${ATEXT}|${UTF8_CHARACTER})+(?:\\.(?:${ATEXT}|${UTF8_CHARACTER})+)*$`, "u");
const UTF8_QUOTED_STRING = new RegExp(`^"(?:[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\x20-\\x7e]|${UTF8_CHARACTER})*"$`, "u");
const NON_ASCII = /[^\x00-\x7f]/;
/** CR, LF and NUL would end or corrupt a header line (RFC 5322 §2.2); no header-bound text may hold them. */
export const LINE_BREAK = /[\r\n\0]/;

/**
 * A mailbox as SMTP sends it (RFC 5321 §4.1.2, §4.5.3.1: local part ≤ 64 octets, path ≤ 256 octets), with the
 * domain converted to lower-case ASCII (IDNA, RFC 5891). Address literals are refused. `utf8`: the client declared
 * SMTPUTF8 on MAIL FROM (RFC 6531 §3.3), so the local part may hold UTF-8 — kept as written, measured in octets;
 * without it a non-ASCII local part is refused, naming SMTPUTF8. Returns the normalised address or an explanation.
 */
export function normaliseMailbox(input: string, { utf8 = false }: { utf8?: boolean } = {}): { address: string } | { problem: string } {
  const value = input.trim();
  const at = value.lastIndexOf("@");
  if (at <= 0 || at === value.length - 1) return { problem: "Enter an email address such as name@example.com." };
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  const nonAscii = NON_ASCII.test(local);
  if (octets(local, nonAscii) > 64) return { problem: "The part before @ is longer than 64 octets." };
  if (nonAscii && !utf8) {
    return { problem: `"${truncate(value)}" has characters outside ASCII before @; such an address needs SMTPUTF8 (RFC 6531), which only SMTP submission offers.` };
  }
  const valid = nonAscii ? UTF8_DOT_STRING.test(local) || UTF8_QUOTED_STRING.test(local) : DOT_STRING.test(local) || QUOTED_STRING.test(local);
  if (!valid) return { problem: `"${truncate(value)}" is not a valid email address.` };
  if (domain.startsWith("[")) return { problem: "Use a domain name, not an IP address, after @." };
  const asciiDomain = toAsciiHostname(domain, { requireDot: true });
  if (!asciiDomain) return { problem: `"${truncate(domain)}" is not a valid domain name.` };
  const address = `${local}@${asciiDomain}`;
  if (octets(address, nonAscii) > 254) return { problem: "The email address is longer than 254 octets." };
  return { address };
}

/** UTF-8 octets; an ASCII text's length is its octet count, without encoding it (the API's hot path). */
function octets(text: string, nonAscii: boolean): number {
  return nonAscii ? new TextEncoder().encode(text).length : text.length;
}

function truncate(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}

/** A bare address (envelopes): "name@example.com". */
export const mailboxAddressSchema = z
  .string("Enter an email address.")
  .transform((value, ctx) => {
    const result = normaliseMailbox(value);
    if ("problem" in result) {
      ctx.addIssue({ code: "custom", message: result.problem });
      return z.NEVER;
    }
    return result.address;
  })
  .meta({ description: "A bare address, name@example.com." });

export type Mailbox = { name?: string; address: string };

// "Name <address>" as a string; the name may be quoted.
const NAME_ADDR = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<>"]*?))\s*<([^<>]*)>\s*$/;
const MAILBOX_SHAPE = 'Give an address as "name@example.com", "Name <name@example.com>" or { "name": "...", "address": "..." }.';

/** Parses one header mailbox, reporting problems at `path` (relative to the field). */
function parseMailbox(value: unknown, ctx: z.RefinementCtx, path: (string | number)[]): Mailbox | null {
  const fail = (message: string, at = path) => {
    ctx.addIssue({ code: "custom", path: at, message });
    return null;
  };
  let name = "";
  let address: string;
  if (typeof value === "string") {
    if (LINE_BREAK.test(value)) return fail("The address must not contain line breaks.");
    const nameAddr = NAME_ADDR.exec(value);
    name = nameAddr ? (nameAddr[1]?.replace(/\\(.)/g, "$1") ?? nameAddr[2]) : "";
    address = nameAddr ? nameAddr[3] : value;
  } else if (value && typeof value === "object" && !Array.isArray(value)) {
    const { name: givenName, address: givenAddress, ...rest } = value as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) return fail(`Unknown key "${extra}": a mailbox has only "name" and "address".`);
    if (typeof givenAddress !== "string") return fail("Give the address as text.", [...path, "address"]);
    if (givenName !== undefined && givenName !== null && typeof givenName !== "string") return fail("The name must be text.", [...path, "name"]);
    name = givenName ?? "";
    address = givenAddress;
  } else {
    return fail(MAILBOX_SHAPE);
  }
  if (LINE_BREAK.test(name)) return fail("The name must not contain line breaks.");
  if (name.length > 200) return fail("The name is longer than 200 characters.");
  const result = normaliseMailbox(address);
  if ("problem" in result) return fail(result.problem);
  name = name.trim();
  return name ? { name, address: result.address } : { address: result.address };
}

/** What a header mailbox field accepts, for the API description (parseMailbox does the checking). */
export const mailboxShapeSchema = z
  .union([
    z.string().meta({ description: '"name@example.com" or "Name <name@example.com>" (the name may be quoted).' }),
    z.strictObject({
      name: z.string().max(200).nullable().optional().meta({ description: "Display name; no line breaks." }),
      address: z.string().meta({ description: "name@example.com; an internationalised domain is converted to ASCII (IDNA)." }),
    }),
  ])
  .meta({ description: "A mailbox: an address, with or without a display name." });

/** What a mailbox list field accepts, for the API description. */
export const mailboxListShapeSchema = z
  .union([mailboxShapeSchema, z.array(mailboxShapeSchema).max(1000)])
  .meta({ description: "One mailbox, or a list: to, cc and bcc at most OUTGATE_MAX_RECIPIENTS each (100 by default), replyTo at most 100." });

/** A header mailbox: "a@b.example", "Ann <a@b.example>" or { name, address }. */
export const mailboxSchema = documentAcceptedShape(
  z.unknown().transform((value, ctx) => parseMailbox(value, ctx, []) ?? z.NEVER),
  mailboxShapeSchema,
);

/** One mailbox or a list of them, always returned as a list; errors point at the item ("to.2"). */
export const mailboxListSchema = documentAcceptedShape(
  z.unknown().transform((value, ctx) => {
    if (!Array.isArray(value)) {
      const mailbox = parseMailbox(value, ctx, []);
      return mailbox ? [mailbox] : z.NEVER;
    }
    if (value.length > 1000) {
      ctx.addIssue({ code: "custom", message: "Give at most 1000 addresses." });
      return z.NEVER;
    }
    const mailboxes = value.map((item, index) => parseMailbox(item, ctx, [index]));
    return mailboxes.every((mailbox) => mailbox !== null) ? (mailboxes as Mailbox[]) : z.NEVER;
  }),
  mailboxListShapeSchema,
);
