import emailAddresses from "email-addresses";
import libmime from "libmime";
import type { HeaderField } from "./read-header-fields";
import { refuseRaw } from "./wire-lines";

/**
 * The header fields Outgate reads from a raw message, read as RFC 5322 writes them — comments, folding, quoted
 * strings, encoded-words, obsolete forms — by well-kept parsers rather than patterns: addresses and msg-ids by
 * `email-addresses` (the RFC 5322 §3.4 and §4.4 grammar, with RFC 6532 UTF-8), encoded-words by `libmime` (by
 * nodemailer's author, used by mailparser), dates by V8's RFC 2822 date reader (comments, obsolete zones, two-digit
 * years, §4.3). The plainest form of a msg-id and of a mailbox — exact grammar productions, a strict subset — is recognised without the
 * parser, which costs ~18 µs per msg-id and ~45 µs per named mailbox (submission is the hot path); the tests check
 * that the parser agrees on them.
 */

/** Fields RFC 5322 §3.6 allows at most once; a second one is refused (Gmail refuses such messages too). */
const AT_MOST_ONCE = ["from", "sender", "reply-to", "to", "cc", "message-id", "in-reply-to", "references", "subject", "date"];
const DISPLAY_NAME: Record<string, string> = { "message-id": "Message-ID", "reply-to": "Reply-To", "in-reply-to": "In-Reply-To" };

export type RawHeaders = { messageId: string | null; hasDate: boolean; subject: string | null };

export function readRawHeaders(fields: HeaderField[]): RawHeaders {
  // Appended in place: copying the list per field made a message of many same-named fields quadratic (issue 12, kind 6).
  const byName = new Map<string, HeaderField[]>();
  for (const field of fields) {
    const named = byName.get(field.name);
    if (named) named.push(field);
    else byName.set(field.name, [field]);
  }
  for (const name of AT_MOST_ONCE) {
    const count = byName.get(name)?.length ?? 0;
    if (count > 1) throw refuseRaw(`raw has ${count} ${fieldName(name)} header fields; RFC 5322 §3.6 allows at most one.`);
  }
  const one = (name: string) => byName.get(name)?.[0]?.value;

  const from = one("from");
  if (from === undefined) throw refuseRaw("raw has no From header field; RFC 5322 §3.6 requires one (the author's mailbox).");
  const authors = readAddresses(from, "mailbox-list")?.length;
  if (!authors) throw refuseRaw(`raw: the From header field is not a list of mailboxes (RFC 5322 §3.6.2): ${excerpt(from)}`);
  const sender = one("sender");
  if (sender !== undefined && !readAddresses(sender, "mailbox")) {
    throw refuseRaw(`raw: the Sender header field is not one mailbox (RFC 5322 §3.6.2): ${excerpt(sender)}`);
  }
  if (authors > 1 && sender === undefined) {
    throw refuseRaw("raw: the From header field names several mailboxes, so RFC 5322 §3.6.2 requires a Sender header field.");
  }

  const messageIdValue = one("message-id");
  const messageId = messageIdValue === undefined ? null : readMessageId(messageIdValue);

  const date = one("date");
  if (date !== undefined && Number.isNaN(Date.parse(date))) {
    throw refuseRaw(`raw: the Date header field is not an RFC 5322 date-time (§3.3), such as "Mon, 30 Nov 2026 17:49:16 +0000": ${excerpt(date)}`);
  }

  const subjectValue = one("subject");
  // Decoded for the console; control characters (NUL above all) never reach a text column.
  const subject = subjectValue === undefined ? null : libmime.decodeWords(subjectValue).replace(/[\x00-\x1f\x7f]/g, "").trim().slice(0, 998);
  return { messageId, hasDate: date !== undefined, subject };
}

/**
 * RFC 5322 §3.6.4 msg-id, `[CFWS] "<" id-left "@" id-right ">" [CFWS]`, with its obsolete forms (§4.5.4: id-left a
 * local-part, id-right a domain). That is angle-addr's grammar, so its parser reads it; the id is kept as written
 * between the brackets, folding and comments left out.
 */
function readMessageId(value: string): string {
  // The grammar's plainest form — dot-atom-text on both sides, no comments — is read without the parser (it costs
  // ~18 µs a message, and every id is new); anything else, valid or not, goes to the parser.
  const plain = PLAIN_MSG_ID.exec(value);
  if (plain) return plain[1];
  const parsed = emailAddresses({ input: value, startAt: "angle-addr", rfc6532: true });
  const addrSpec = parsed && findNode(parsed.ast, "addr-spec");
  if (!addrSpec) throw refuseRaw(`raw: the Message-ID header field is not a msg-id such as <id@example.com> (RFC 5322 §3.6.4): ${excerpt(value)}`);
  // Comments and white space (obsolete CFWS inside the id) are not part of it; quoted strings are kept as written.
  return addrSpec.tokens.replace(/("(?:[^"\\]|\\.)*")|\((?:[^()\\]|\\.)*\)|\s+/g, (_, quoted?: string) => quoted ?? "");
}

// RFC 5322 §3.2.3 atext, and §3.6.4 msg-id with dot-atom-text as id-left and id-right, between optional blanks.
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const DOT_ATOM_TEXT = `${ATEXT}+(?:\\.${ATEXT}+)*`;
const PLAIN_MSG_ID = new RegExp(`^[ \\t]*<(${DOT_ATOM_TEXT}@${DOT_ATOM_TEXT})>[ \\t]*$`);

/**
 * One mailbox in its plainest forms (RFC 5322 §3.4): `dot-atom@dot-atom`, or `<dot-atom@dot-atom>` after a display
 * name of atoms separated by blanks or one quoted-string of printable ASCII without quoted-pairs — a strict subset of
 * the grammar, so it accepts nothing the parser would refuse; comments, lists, groups, UTF-8 and obsolete forms go to
 * the parser.
 */
const PLAIN_ADDR_SPEC = `${DOT_ATOM_TEXT}@${DOT_ATOM_TEXT}`;
const PLAIN_DISPLAY_NAME = `(?:${ATEXT}+(?:[ \\t]+${ATEXT}+)*|"[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]*")`;
const PLAIN_MAILBOX = new RegExp(`^[ \\t]*(?:(${PLAIN_ADDR_SPEC})|(?:${PLAIN_DISPLAY_NAME}[ \\t]*)?<(${PLAIN_ADDR_SPEC})>)[ \\t]*$`);

type AstNode = { name: string; tokens: string; children: AstNode[] };

function findNode(node: AstNode, name: string): AstNode | null {
  if (node.name === name) return node;
  for (const child of node.children) {
    const found = findNode(child, name);
    if (found) return found;
  }
  return null;
}

/**
 * The addresses (addr-spec, as written) of an address field, or null when it is not one: "mailbox" and
 * "mailbox-list" as RFC 5322 §3.6.2 writes From and Sender, "address-list" also with groups (RFC 6854), whose members
 * are listed in their place. The full grammar costs ~45 µs for a display name and an address, so the plainest forms of
 * one mailbox are read without it (PLAIN_MAILBOX), and as an application sends from the same few From values again
 * and again, the parser's results are kept per value (a pure function of it), up to MAX_CACHED values, then the cache
 * starts over.
 */
export function readAddresses(value: string, startAt: "mailbox-list" | "mailbox" | "address-list"): readonly string[] | null {
  const plain = PLAIN_MAILBOX.exec(value);
  if (plain) return [plain[1] ?? plain[2]];
  const key = `${startAt}\n${value}`;
  const cached = parsedAddresses.get(key);
  if (cached !== undefined) return cached;
  const parsed = emailAddresses({ input: value, startAt, rfc6532: true });
  const addresses = parsed ? parsed.addresses.flatMap((entry) => (entry.type === "group" ? entry.addresses : [entry])).map((mailbox) => mailbox.address) : null;
  if (parsedAddresses.size >= MAX_CACHED) parsedAddresses.clear();
  parsedAddresses.set(key, addresses);
  return addresses;
}

const MAX_CACHED = 1000;
const parsedAddresses = new Map<string, readonly string[] | null>();

function fieldName(name: string): string {
  return DISPLAY_NAME[name] ?? name.charAt(0).toUpperCase() + name.slice(1);
}

/** A field's value for an error message: trimmed, at most 80 characters, quoted. */
export function excerpt(value: string): string {
  const text = value.trim();
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
