import { randomUUID } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer";
import type { ComposedMessageValues } from "../validation/submit-message";

/** A fresh RFC 5322 msg-id (§3.6.4) on the sender's domain, without the angle brackets. */
export function generateMessageId(senderDomain: string): string {
  return `${randomUUID()}@${senderDomain}`;
}

/**
 * Builds the MIME message once, with nodemailer's composer. Bcc recipients are left out of the headers
 * (the composer drops Bcc unless told to keep it); the caller puts them in the envelope.
 */
export async function composeMessage(message: ComposedMessageValues, { messageId }: { messageId: string }): Promise<Buffer> {
  const composer = new MailComposer({
    from: message.from,
    to: message.to,
    cc: message.cc,
    bcc: message.bcc,
    replyTo: message.replyTo.length > 0 ? message.replyTo : undefined,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: message.headers,
    attachments: message.attachments.map((attachment) => ({
      filename: attachment.filename,
      content: Buffer.from(attachment.content),
      contentType: attachment.contentType,
    })),
    messageId: `<${messageId}>`,
    date: new Date(),
    // Content only ever comes from the request: never let a field be read as a file path or URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}
