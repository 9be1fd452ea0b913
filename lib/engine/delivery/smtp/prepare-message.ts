import { isAscii } from "node:buffer";
import { SmtpClientError } from "./smtp-client-error";
import type { EnvelopeDsn } from "../../../validation/dsn-request";

/** A message made ready for DATA once, however many sessions or transactions it then takes. */
export type PreparedMessage = {
  from: string;
  recipients: string[];
  /** The sender's RFC 3461 request, passed on as MAIL/RCPT parameters to a gateway that offers DSN. */
  dsn?: EnvelopeDsn;
  /** The stored bytes, dot-stuffed (RFC 5321 §4.5.2); the same Buffer when no line starts with ".". */
  body: Buffer;
  /** ".\r\n", or "\r\n.\r\n" when the stored bytes do not end in CRLF. */
  end: Buffer;
  /** The stored size, declared as SIZE= (RFC 1870). */
  size: number;
  /** Bytes over 127 anywhere: BODY=8BITMIME (RFC 6152). */
  eightBit: boolean;
  /** UTF-8 in the sender or the header: the whole message needs SMTPUTF8 (RFC 6531, RFC 6532). */
  utf8: boolean;
  /** The stored bytes, for a 7-bit downgrade when a gateway lacks 8BITMIME. */
  raw: Buffer;
  /** The 7-bit form, made once when first needed (null: none can be made). */
  sevenBit?: PreparedMessage | null;
};

const DOT_LINE = Buffer.from("\n.");
const END = Buffer.from(".\r\n");
const CRLF_END = Buffer.from("\r\n.\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");
// Anything that would end or split the command line it goes into, or end the path early: "<" and ">" are only a
// mailbox's inside a Quoted-string local part (RFC 5321 §4.1.2 qtextSMTP), which normaliseMailbox has checked.
const UNSAFE_ADDRESS = /[\r\n\0]/;
const ANGLE_BRACKET = /[<>]/;
const QUOTED_LOCAL_PART = /^"(?:[^"\\]|\\.)*"(?=@[^@]*$)/;
const NON_ASCII = /[^\x00-\x7f]/;

/** Throws EENVELOPE for an address that cannot go into MAIL FROM:<...> / RCPT TO:<...> as it is. */
export function prepareMessage(raw: Buffer, envelope: { from: string; to: string[]; dsn?: EnvelopeDsn }): PreparedMessage {
  for (const address of [envelope.from, ...envelope.to]) {
    if (UNSAFE_ADDRESS.test(address) || ANGLE_BRACKET.test(address.replace(QUOTED_LOCAL_PART, ""))) {
      throw new SmtpClientError("EENVELOPE", "message", `5.1.3 the address ${JSON.stringify(address)} cannot be sent in an SMTP envelope`);
    }
  }
  const headerEnd = raw.indexOf(HEADER_END);
  const eightBit = !isAscii(raw);
  const utf8 = (eightBit && !isAscii(headerEnd === -1 ? raw : raw.subarray(0, headerEnd))) || NON_ASCII.test(envelope.from);
  const endsWithCrlf = raw.length >= 2 && raw[raw.length - 2] === 0x0d && raw[raw.length - 1] === 0x0a;
  return {
    from: envelope.from,
    recipients: envelope.to,
    ...(envelope.dsn ? { dsn: envelope.dsn } : {}),
    body: dotStuff(raw),
    end: endsWithCrlf || raw.length === 0 ? END : CRLF_END,
    size: raw.length,
    eightBit,
    utf8,
    raw,
  };
}

/** A recipient whose own address needs SMTPUTF8 (RFC 6531): only it fails at a gateway without it. */
export function needsSmtpUtf8(address: string): boolean {
  return NON_ASCII.test(address);
}

/** Doubles the dot that starts a line (RFC 5321 §4.5.2); copies only when there is one. */
export function dotStuff(raw: Buffer): Buffer {
  const leading = raw.length > 0 && raw[0] === 0x2e ? 1 : 0;
  let found = raw.indexOf(DOT_LINE);
  if (found === -1 && leading === 0) return raw;
  const positions: number[] = leading ? [0] : [];
  while (found !== -1) {
    positions.push(found + 1);
    found = raw.indexOf(DOT_LINE, found + 1);
  }
  const stuffed = Buffer.allocUnsafe(raw.length + positions.length);
  let from = 0;
  let to = 0;
  for (const position of positions) {
    to += raw.copy(stuffed, to, from, position);
    stuffed[to++] = 0x2e;
    from = position;
  }
  raw.copy(stuffed, to, from);
  return stuffed;
}
