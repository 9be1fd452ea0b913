// Its functions call each other through `this`: use them as methods of the module.
import * as mimeFuncs from "nodemailer/lib/mime-funcs";
import { encode as encodeQuotedPrintable, wrap as wrapQuotedPrintable } from "nodemailer/lib/qp";
import type { Mailbox } from "../validation/mailbox";

/**
 * The encoding rules of a message's header fields and text parts. The rules that are easy to get wrong — RFC 2047
 * encoded-words, RFC 2231 parameters, quoted-printable with its soft breaks, header folding — are nodemailer's
 * well-tested functions; this file only decides which one each value needs.
 */

export const CRLF = "\r\n";

/** RFC 5322 §2.1.1: lines SHOULD be at most 78 characters; encoders wrap at 76 as nodemailer does. */
const LINE_LENGTH = 76;
/** Anything but printable-or-control 7-bit ASCII without NUL needs an encoding to travel as 7bit. */
const NEEDS_ENCODING = /[^\x01-\x7f]/;
const NON_ASCII = /[^\x00-\x7f]/g;
/** Display names made only of these need no quoting (RFC 5322 §3.2.3 atext, kept simple). */
const PLAIN_PHRASE = /^[\w '-]*$/;

/** "Name: value" folded to lines of at most 76 characters, continuation lines starting with a space (RFC 5322 §2.2.3). */
export function formatHeader(name: string, value: string): string {
  const line = `${name}: ${value}`;
  if (line.length <= LINE_LENGTH) return line;
  // A folded line of only white space is not allowed (RFC 5322 §3.2.2): trailing blanks that would make one go.
  return mimeFuncs.foldLines(line, LINE_LENGTH, false).replace(/\r?\n/g, CRLF).replace(/\r\n[ \t]*$/, "");
}

/**
 * Unstructured text (Subject, custom header values) with anything non-ASCII in it is encoded whole as encoded-words
 * (RFC 2047 §5(1)), as nodemailer does: some clients drop the blanks between a plain and an encoded word.
 */
export function encodeUnstructured(value: string): string {
  return NEEDS_ENCODING.test(value) ? mimeFuncs.encodeWord(value, wordEncoding(value), 52) : value;
}

/** RFC 5322 §2.1.1: a line MUST NOT be longer than 998 octets, CRLF not counted. */
export const MAX_LINE_OCTETS = 998;

/**
 * An unstructured header field (Subject, a custom header), never with a line over 998 octets. Folding can only break
 * at white space, so a value with a longer run without any (a token, a URL) is written as encoded-words instead —
 * RFC 2047 §5(1) allows them in any unstructured field, each short and separated by folding white space, and every
 * reader decodes them back to the same text.
 */
export function formatUnstructuredHeader(name: string, value: string): string {
  const field = formatHeader(name, encodeUnstructured(value));
  if (!hasLineLongerThan(field, MAX_LINE_OCTETS)) return field;
  return formatHeader(name, mimeFuncs.encodeWord(value, wordEncoding(value), 52));
}

function hasLineLongerThan(text: string, octets: number): boolean {
  return text.split(CRLF).some((line) => Buffer.byteLength(line) > octets);
}

/**
 * A mailbox as a header shows it (RFC 5322 §3.4). A name with non-ASCII letters is encoded whole, so that a comma
 * or quote in it can never be read as a separator; an ASCII name with specials is quoted.
 */
export function formatMailbox({ name, address }: Mailbox): string {
  if (!name) return address;
  if (NEEDS_ENCODING.test(name)) return `${mimeFuncs.encodeWord(name, wordEncoding(name), 52)} <${address}>`;
  if (PLAIN_PHRASE.test(name)) return `${name} <${address}>`;
  return `"${name.replace(/[\\"]/g, "\\$&")}" <${address}>`;
}

/** `value; key="param"`, with RFC 2231 continuations for long or non-ASCII parameters (file names). */
export function formatParameterised(value: string, params: Record<string, string>): string {
  return mimeFuncs.buildHeaderValue({ value, params });
}

export type EncodedText = { transferEncoding: "7bit" | "quoted-printable" | "base64"; body: string };

/**
 * A text part's body with CRLF line ends (RFC 5322 §2.3): as it is when it is short-lined ASCII, otherwise
 * quoted-printable, or base64 when most of it would need escaping (e.g. Cyrillic or CJK text).
 */
export function encodeText(text: string): EncodedText {
  const normalised = text.replace(/\r\n|\r|\n/g, CRLF);
  if (!NEEDS_ENCODING.test(normalised) && !mimeFuncs.hasLongerLines(normalised, LINE_LENGTH)) {
    return { transferEncoding: "7bit", body: normalised };
  }
  const bytes = Buffer.from(normalised, "utf8");
  if (mostlyNonAscii(normalised)) return { transferEncoding: "base64", body: encodeBase64(bytes) };
  return { transferEncoding: "quoted-printable", body: wrapQuotedPrintable(encodeQuotedPrintable(bytes), LINE_LENGTH).replace(/\r?\n/g, CRLF) };
}

/** Base64 in lines of 76 characters (RFC 2045 §6.8). */
export function encodeBase64(bytes: Uint8Array): string {
  const encoded = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  const lines: string[] = [];
  for (let start = 0; start < encoded.length; start += LINE_LENGTH) lines.push(encoded.slice(start, start + LINE_LENGTH));
  return lines.join(CRLF);
}

function mostlyNonAscii(value: string): boolean {
  return (value.match(NON_ASCII)?.length ?? 0) > value.length / 3;
}

function wordEncoding(value: string): "Q" | "B" {
  return mostlyNonAscii(value) ? "B" : "Q";
}

/** RFC 5322 §3.3 date-time, always in UTC. */
export function formatDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, "+0000");
}
