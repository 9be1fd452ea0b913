import { randomUUID } from "node:crypto";
import { detectMimeType } from "nodemailer/lib/mime-funcs/mime-types";
import type { ComposedMessageValues } from "../validation/submit-message";
import { CRLF, encodeBase64, encodeText, formatDate, formatHeader, formatMailbox, formatParameterised, formatUnstructuredHeader } from "./mime-encoding";

/** A MIME entity: a leaf with its encoded body, or a multipart of entities (RFC 2046 §5.1). */
type Entity = { headers: string[]; body: string } | { multipart: "mixed" | "alternative"; parts: Entity[] };

/**
 * Builds the MIME message once, as one string: a text and/or HTML body (multipart/alternative when both, text
 * first — RFC 2046 §5.1.4), with attachments around it in multipart/mixed. Bcc recipients are never written into
 * the headers; the caller puts them in the envelope. `trace` is whole header lines (each ending in CRLF, e.g. our
 * Received field) written above all others, so the message is not copied again to put them on top.
 *
 * Written here rather than with nodemailer's MailComposer, which builds the same structure through a tree of
 * streams: a large share of the server's CPU per submission (bench/RESULTS.md, run 6).
 * The encodings themselves are still nodemailer's (see mime-encoding.ts), and a test parses this output and
 * MailComposer's for the same input and compares them field by field.
 */
export function composeMessage(message: ComposedMessageValues, { messageId, date = new Date(), trace = "" }: { messageId: string; date?: Date; trace?: string }): Buffer {
  const headers = [
    formatHeader("From", formatMailbox(message.from)),
    ...addressHeader("To", message.to),
    ...addressHeader("Cc", message.cc),
    ...addressHeader("Reply-To", message.replyTo),
    formatUnstructuredHeader("Subject", message.subject),
    `Message-ID: <${messageId}>`,
    `Date: ${formatDate(date)}`,
    ...Object.entries(message.headers).map(([name, value]) => formatUnstructuredHeader(name, value)),
    "MIME-Version: 1.0",
  ];
  const boundaries = boundaryMaker();
  const out: string[] = [trace];
  writeEntity(bodyEntity(message), headers, boundaries, out);
  const text = out.join("");
  // A message ends with a line break (RFC 5322 §2.1); a text that has its own is not given a second one.
  return Buffer.from(text.endsWith(CRLF) ? text : text + CRLF, "utf8");
}

function addressHeader(name: string, mailboxes: ComposedMessageValues["to"]): string[] {
  return mailboxes.length > 0 ? [formatHeader(name, mailboxes.map(formatMailbox).join(", "))] : [];
}

function bodyEntity(message: ComposedMessageValues): Entity {
  const texts: Entity[] = [];
  if (message.text !== undefined || message.html === undefined) texts.push(textEntity("text/plain", message.text ?? ""));
  if (message.html !== undefined) texts.push(textEntity("text/html", message.html));
  const content: Entity = texts.length === 1 ? texts[0] : { multipart: "alternative", parts: texts };
  if (message.attachments.length === 0) return content;
  return { multipart: "mixed", parts: [content, ...message.attachments.map(attachmentEntity)] };
}

function textEntity(type: string, text: string): Entity {
  const { transferEncoding, body } = encodeText(text);
  return { headers: [`Content-Type: ${type}; charset=utf-8`, `Content-Transfer-Encoding: ${transferEncoding}`], body };
}

function attachmentEntity(attachment: ComposedMessageValues["attachments"][number]): Entity {
  const type = attachment.contentType ?? detectMimeType(attachment.filename);
  return {
    headers: [
      formatHeader("Content-Type", formatParameterised(type, { name: attachment.filename })),
      "Content-Transfer-Encoding: base64",
      formatHeader("Content-Disposition", formatParameterised("attachment", { filename: attachment.filename })),
    ],
    body: encodeBase64(attachment.content),
  };
}

/** Boundaries unique to this message: a random stem no body can contain by chance, numbered per multipart. */
function boundaryMaker(): () => string {
  let stem: string | undefined;
  let count = 0;
  return () => `${(stem ??= `=_og_${randomUUID()}`)}_${++count}`;
}

function writeEntity(entity: Entity, headers: string[], nextBoundary: () => string, out: string[]): void {
  if ("body" in entity) {
    out.push([...headers, ...entity.headers].join(CRLF), CRLF, CRLF, entity.body);
    return;
  }
  const boundary = nextBoundary();
  out.push([...headers, formatHeader("Content-Type", `multipart/${entity.multipart}; boundary="${boundary}"`)].join(CRLF), CRLF, CRLF);
  // The CRLF before each delimiter belongs to the delimiter, not to the part (RFC 2046 §5.1.1).
  for (const part of entity.parts) {
    out.push(`--${boundary}`, CRLF);
    writeEntity(part, [], nextBoundary, out);
    out.push(CRLF);
  }
  out.push(`--${boundary}--`);
}
