import { AppError } from "../platform/errors";
import { generateMessageId } from "./compose-message";

export type InspectedRawMessage = { raw: Buffer; messageId: string; subject: string | null };

// RFC 5322 §2.2: field-name ":" — printable US-ASCII except colon.
const HEADER_LINE = /^[\x21-\x39\x3b-\x7e]+:/;
// RFC 5322 §3.6.4 msg-id: visible ASCII other than "<" and ">" around one "@".
const MSG_ID = /^<([\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+)>$/;

function headerSectionEnd(raw: Buffer): number {
  const crlf = raw.indexOf("\r\n\r\n");
  const lf = raw.indexOf("\n\n");
  const ends = [crlf, lf].filter((index) => index >= 0);
  return ends.length > 0 ? Math.min(...ends) : raw.length;
}

function unprocessable(message: string): AppError {
  return new AppError("unprocessable", message, { raw: [message] });
}

/**
 * Checks that a raw message is an RFC 5322 message (a header section of "Name: value" fields, folded lines
 * allowed) and reads its Message-ID and Subject. A message without Message-ID gets one prepended (§3.6.4
 * says it SHOULD have one, and the queue needs it to tell messages apart).
 */
export function inspectRawMessage(raw: Buffer, { senderDomain }: { senderDomain: string }): InspectedRawMessage {
  const headerText = raw.subarray(0, headerSectionEnd(raw)).toString("latin1");
  const fields: { name: string; value: string }[] = [];
  const lines = headerText.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (/^[ \t]/.test(line) && fields.length > 0) {
      fields[fields.length - 1].value += line;
    } else if (HEADER_LINE.test(line)) {
      const colon = line.indexOf(":");
      fields.push({ name: line.slice(0, colon).toLowerCase(), value: line.slice(colon + 1) });
    } else {
      throw unprocessable(`raw is not an RFC 5322 message: line ${index + 1} of the header section is not a "Name: value" header field.`);
    }
  }
  if (fields.length === 0) throw unprocessable("raw is not an RFC 5322 message: it has no header fields.");

  const subjectField = fields.find((field) => field.name === "subject");
  // Headers may carry raw UTF-8 (RFC 6532); control characters (NUL above all) never reach a text column.
  const subject = subjectField ? Buffer.from(subjectField.value, "latin1").toString("utf8").replace(/[\x00-\x1f\x7f]/g, "").trim().slice(0, 998) : null;
  const messageIdField = fields.find((field) => field.name === "message-id");
  if (messageIdField) {
    const match = MSG_ID.exec(messageIdField.value.trim());
    if (!match) throw unprocessable("The Message-ID header of the raw message is malformed; expected <id@domain>.");
    return { raw, messageId: match[1], subject };
  }
  const messageId = generateMessageId(senderDomain);
  const newline = raw.indexOf("\r\n") >= 0 ? "\r\n" : "\n";
  return { raw: Buffer.concat([Buffer.from(`Message-ID: <${messageId}>${newline}`), raw]), messageId, subject };
}
