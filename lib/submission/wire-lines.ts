import { AppError } from "../platform/errors";
import { MAX_LINE_OCTETS } from "./mime-encoding";

const CR = 13;
const LF = 10;

/** A raw message refused at submission: what is wrong, where (1-based, as an editor counts lines), and the rule. */
export function refuseRaw(message: string): AppError {
  return new AppError("unprocessable", message, { raw: [message] });
}

/**
 * A raw message as it may go on the wire: lines ended by CRLF only, none longer than 998 octets, no NUL, the last
 * line ended too — so the SMTP client's dot-stuffing (RFC 5321 §4.5.2) sees exactly the lines a receiver sees, and a
 * `\n.\n` or `\r.\r` inside the data can never end it early (the CVE-2023-51764 "SMTP smuggling" family).
 *
 * - A bare LF (Unix line ends, or a stray one) is a line break: it becomes CRLF. That is how receiving MTAs read it,
 *   so the author's lines stay the same lines; a "." alone on such a line is then stuffed like any other.
 * - A bare CR (not followed by LF) is refused: it is either a line break only some receivers see (the smuggling
 *   trick) or content the author meant as a character; guessing either way could change the message.
 * - A NUL octet is refused: RFC 5322 §3.5 text and RFC 2045 §2.8 8bit data exclude it, and only BINARYMIME may carry it.
 * - A line over 998 octets is refused: it could only be shortened by re-encoding its MIME part, which changes bytes
 *   the author may have signed (DKIM); the client encodes it as quoted-printable or base64 instead.
 *
 * Returns the same buffer when it is already clean (the common case costs one scan and no copy).
 */
export function toWireLines(raw: Buffer): Buffer {
  const nul = raw.indexOf(0);
  if (nul !== -1) {
    throw refuseRaw(`raw: line ${lineOf(raw, nul)} contains a NUL octet; RFC 5322 §3.5 and RFC 2045 §2.8 allow none (send such content base64-encoded).`);
  }
  let rewrite = false;
  let nextCr = raw.indexOf(CR);
  let start = 0;
  for (let line = 1; start < raw.length; line++) {
    const lf = raw.indexOf(LF, start);
    const end = lf === -1 ? raw.length : lf;
    const contentEnd = lf !== -1 && end > start && raw[end - 1] === CR ? end - 1 : end;
    if (nextCr !== -1 && nextCr < contentEnd) {
      throw refuseRaw(
        `raw: line ${line} contains a bare CR (a carriage return not followed by a line feed); RFC 5322 §2.3 allows CR only in CRLF. ` +
          "Use CRLF line ends and encode such content (quoted-printable or base64).",
      );
    }
    if (contentEnd - start > MAX_LINE_OCTETS) {
      throw refuseRaw(
        `raw: line ${line} is ${contentEnd - start} octets long; RFC 5322 §2.1.1 allows at most ${MAX_LINE_OCTETS} before CRLF. ` +
          "Encode long lines (quoted-printable or base64) or fold long header fields.",
      );
    }
    if (contentEnd === end) rewrite = true; // a bare LF, or a last line without its line end
    if (nextCr !== -1 && nextCr < end + 1) nextCr = raw.indexOf(CR, end + 1);
    start = end + 1;
  }
  if (!rewrite) return raw;
  // Every CR is now known to be part of a CRLF: each line break, CRLF or LF, becomes CRLF, the last one included.
  const text = raw.toString("latin1");
  return Buffer.from(text.replace(/\r?\n/g, "\r\n") + (text.endsWith("\n") ? "" : "\r\n"), "latin1");
}

function lineOf(raw: Buffer, offset: number): number {
  let line = 1;
  for (let at = raw.indexOf(LF); at !== -1 && at < offset; at = raw.indexOf(LF, at + 1)) line++;
  return line;
}
