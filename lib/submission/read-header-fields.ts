import { refuseRaw } from "./wire-lines";

/**
 * One header field as it stands in the message: its name in lower case, its unfolded value as UTF-8 text (RFC 6532
 * allows UTF-8 in header fields; ASCII is the same either way), and where its bytes are.
 */
export type HeaderField = { name: string; value: string; start: number; end: number };

// RFC 5322 §3.6.8 field-name (printable US-ASCII but ":"), then white space before the colon (RFC 5322 §4.5, obsolete
// syntax that must still be read).
const FIELD_START = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:/;

/**
 * The header fields of a message whose lines are already CRLF (toWireLines), folded lines joined (RFC 5322 §2.2.3:
 * unfolding removes each CRLF before white space).
 */
export function readHeaderFields(raw: Buffer): HeaderField[] {
  if (raw[0] === 0x0d) throw refuseRaw("raw is not an RFC 5322 message: it has no header fields.");
  const blank = raw.indexOf("\r\n\r\n");
  // Read as latin1, one character per byte, so that offsets in the text are offsets in the buffer.
  const text = raw.toString("latin1", 0, blank === -1 ? raw.length : blank + 2);
  const fields: HeaderField[] = [];
  let start = 0;
  for (let line = 1; start < text.length; line++) {
    const end = text.indexOf("\r\n", start) + 2;
    const first = text.charCodeAt(start);
    if ((first === 0x20 || first === 0x09) && fields.length > 0) {
      const field = fields[fields.length - 1];
      field.value += text.slice(start, end - 2);
      field.end = end;
    } else {
      const match = FIELD_START.exec(text.slice(start, Math.min(end, start + 1000)));
      if (!match) {
        throw refuseRaw(`raw is not an RFC 5322 message: line ${line} of the header section is not a "Name: value" header field.`);
      }
      fields.push({ name: match[1].toLowerCase(), value: text.slice(start + match[0].length, end - 2), start, end });
    }
    start = end;
  }
  for (const field of fields) if (/[\x80-\xff]/.test(field.value)) field.value = Buffer.from(field.value, "latin1").toString("utf8");
  return fields;
}
