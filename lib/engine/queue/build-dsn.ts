import MimeNode from "nodemailer/lib/mime-node";
import type { OutgoingMessage } from "../delivery/types";

export type DsnRecipient = {
  recipient: string;
  /** The last SMTP reply code, if any server answered. */
  code?: number;
  /** The last SMTP reply, or the local reason (e.g. "connection refused") when no server answered. */
  response: string;
  /** Gateway that gave the answer, for the Remote-MTA field. */
  remoteMta?: string;
};

export type BuildDsnOptions = {
  /** Our own host name, as it appears in Reporting-MTA and the From address. */
  reportingMta: string;
  /** The original envelope sender (MAIL FROM); the DSN goes back to it. */
  originalSender: string;
  originalRaw: Buffer;
  arrivalDate: Date;
  recipients: DsnRecipient[];
  now?: Date;
};

/** The DSN's Subject, also stored as the queued bounce's subject (what the console lists). */
export const DSN_SUBJECT = "Undelivered Mail Returned to Sender";

// Original headers returned in the report; a bounce need not carry a pathological header block in full.
const MAX_RETURNED_HEADER_BYTES = 64 * 1024;

/**
 * Builds an RFC 3464 delivery status notification for recipients that failed permanently, to be sent with the
 * null reverse-path so it can never bounce in turn (RFC 5321 §4.5.5). Returns null when no DSN may be sent:
 * the original had a null sender, or is itself a report or automatic message (RFC 3834 §2) — no mail loops.
 */
export async function buildDsn(options: BuildDsnOptions): Promise<OutgoingMessage | null> {
  const sender = options.originalSender.trim().replace(/^<|>$/g, "");
  if (!sender || options.recipients.length === 0) return null;
  const headerBlock = readHeaderBlock(options.originalRaw);
  if (isAutomaticMessage(headerBlock)) return null;

  const now = options.now ?? new Date();
  const mta = options.reportingMta;
  const root = new MimeNode("multipart/report; report-type=delivery-status", { hostname: mta });
  root.setHeader({
    From: `Mail Delivery System <MAILER-DAEMON@${mta}>`,
    To: sender,
    Subject: DSN_SUBJECT,
    Date: formatDate(now),
    "Auto-Submitted": "auto-replied",
  });
  root.createChild("text/plain; charset=utf-8").setContent(describeFailure(options));
  root.createChild("message/delivery-status").setContent(deliveryStatus(options, now));
  root.createChild("text/rfc822-headers").setContent(headerBlock.subarray(0, MAX_RETURNED_HEADER_BYTES).toString("utf8"));

  const raw = await new Promise<Buffer>((resolve, reject) =>
    root.build((error, message) => (error ? reject(error) : resolve(message))),
  );
  return { raw, envelope: { from: "", to: [sender] } };
}

function describeFailure({ reportingMta, recipients }: BuildDsnOptions): string {
  const lines = recipients.map((r) => `<${r.recipient}>: ${oneLine(r.response)}`);
  return [
    `This is the mail system at host ${reportingMta}.`,
    "",
    "Your message could not be delivered to one or more recipients.",
    "It is attached below (headers only).",
    "",
    ...lines,
    "",
  ].join("\r\n");
}

/** The machine-readable part: one per-message block, then one block per recipient (RFC 3464 §2.2, §2.3). */
function deliveryStatus({ reportingMta, arrivalDate, recipients }: BuildDsnOptions, now: Date): string {
  const perMessage = [`Reporting-MTA: dns; ${reportingMta}`, `Arrival-Date: ${formatDate(arrivalDate)}`];
  const perRecipient = recipients.map((r) =>
    [
      `Final-Recipient: rfc822; ${r.recipient}`,
      "Action: failed",
      `Status: ${statusFor(r)}`,
      ...(r.remoteMta ? [`Remote-MTA: dns; ${r.remoteMta}`] : []),
      // "smtp" only for a real SMTP reply; a local reason gets an X- type (RFC 3464 §2.3.6).
      `Diagnostic-Code: ${r.code ? "smtp" : "X-Outgate"}; ${oneLine(r.response)}`,
      `Last-Attempt-Date: ${formatDate(now)}`,
    ].join("\r\n"),
  );
  return [perMessage.join("\r\n"), ...perRecipient].join("\r\n\r\n") + "\r\n";
}

/**
 * Status is an RFC 3463 code. Use the server's enhanced code when it gave a permanent one; a plain 5xx becomes
 * 5.0.0; a recipient that only ever got transient answers failed because it outlived the queue: 5.4.7.
 */
export function statusFor({ code, response }: Pick<DsnRecipient, "code" | "response">): string {
  const enhanced = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(response.trim())?.[1];
  if (enhanced?.startsWith("5.")) return enhanced;
  if (code && code >= 500 && code < 600) return "5.0.0";
  return "5.4.7";
}

/** Delivery reports and auto-replies never get a DSN of their own: that is how mail loops start. */
function isAutomaticMessage(headerBlock: Buffer): boolean {
  const headers = unfold(headerBlock.toString("latin1"));
  const contentType = readHeader(headers, "content-type") ?? "";
  if (/^\s*multipart\/report\b/i.test(contentType)) return true;
  const autoSubmitted = readHeader(headers, "auto-submitted");
  return autoSubmitted !== undefined && autoSubmitted.trim().toLowerCase() !== "no";
}

function readHeaderBlock(raw: Buffer): Buffer {
  for (const separator of ["\r\n\r\n", "\n\n"]) {
    const end = raw.indexOf(separator);
    if (end !== -1) return raw.subarray(0, end + separator.length / 2);
  }
  return raw;
}

function unfold(headers: string): string[] {
  return headers.replace(/\r?\n(?=[ \t])/g, "").split(/\r?\n/);
}

function readHeader(lines: string[], name: string): string | undefined {
  const prefix = `${name}:`;
  const line = lines.find((l) => l.toLowerCase().startsWith(prefix));
  return line?.slice(prefix.length).trim();
}

// DSN fields are single header lines; multi-line SMTP replies are joined.
function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, " ").trim();
}

/** RFC 5322 date-time, as DSN date fields require. */
function formatDate(date: Date): string {
  return date.toUTCString().replace("GMT", "+0000");
}
