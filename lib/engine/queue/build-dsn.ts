import MimeNode from "nodemailer/lib/mime-node";
import type { OutgoingMessage } from "../delivery/types";
import type { DsnReturn } from "../../validation/dsn-request";

export type DsnRecipient = {
  recipient: string;
  /**
   * RFC 3464 §2.3.3 Action: "failed" (default), or "relayed" — handed to a gateway that does not offer DSN, for a
   * sender who asked NOTIFY=SUCCESS (RFC 3461 §5.2.2).
   */
  action?: "failed" | "relayed";
  /** The sender's ORCPT, decoded ("rfc822;address"): the Original-Recipient field (RFC 3464 §2.3.1). */
  originalRecipient?: string | null;
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
  /** The sender's ENVID, decoded: the Original-Envelope-Id field (RFC 3464 §2.2.1). */
  envid?: string | null;
  /** The sender's RET (RFC 3461 §4.3): FULL returns the whole message with a failure; otherwise headers only. */
  ret?: DsnReturn | null;
  now?: Date;
};

/** The DSN's Subject, also stored as the queued bounce's subject (what the console lists). */
export const DSN_SUBJECT = "Undelivered Mail Returned to Sender";
/** The Subject of a DSN that reports no failure, only relays (RFC 3461 §5.2.2). */
export const RELAYED_DSN_SUBJECT = "Successful Mail Delivery Report";

/** RFC 3461 §6.2: with RET=FULL an MTA may still return only the headers of a message longer than its own limit. */
const MAX_RETURNED_MESSAGE_BYTES = 10 * 1024 * 1024;

// Original headers returned in the report; a bounce need not carry a pathological header block in full.
const MAX_RETURNED_HEADER_BYTES = 64 * 1024;

/**
 * Builds an RFC 3464 delivery status notification for recipients that failed permanently (Action: failed) or were
 * relayed to a gateway without DSN (Action: relayed), to be sent with the null reverse-path so it can never bounce in
 * turn (RFC 5321 §4.5.5). ENVID and ORCPT come back as Original-Envelope-Id and Original-Recipient. A failure returns
 * the whole message as message/rfc822 when the sender asked RET=FULL (up to 10 MiB), otherwise the headers as
 * text/rfc822-headers; a DSN without failures returns headers only (RFC 3461 §6.2). Returns null when no DSN may be
 * sent: the original had a null sender, or is itself a report or automatic message (RFC 3834 §2) — no mail loops.
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
    Subject: dsnSubject(options.recipients),
    Date: formatDate(now),
    "Auto-Submitted": "auto-replied",
  });
  const full = returnsFullMessage(options);
  root.createChild("text/plain; charset=utf-8").setContent(describeOutcome(options, full));
  root.createChild("message/delivery-status").setContent(deliveryStatus(options, now));
  if (full) root.createChild("message/rfc822").setContent(options.originalRaw);
  else root.createChild("text/rfc822-headers").setContent(headerBlock.subarray(0, MAX_RETURNED_HEADER_BYTES).toString("utf8"));

  const raw = await new Promise<Buffer>((resolve, reject) =>
    root.build((error, message) => (error ? reject(error) : resolve(message))),
  );
  return { raw, envelope: { from: "", to: [sender] } };
}

/** The subject a DSN for these recipients carries (also the queued DSN's subject in the console). */
export function dsnSubject(recipients: Pick<DsnRecipient, "action">[]): string {
  return recipients.some((r) => (r.action ?? "failed") === "failed") ? DSN_SUBJECT : RELAYED_DSN_SUBJECT;
}

function returnsFullMessage({ ret, recipients, originalRaw }: BuildDsnOptions): boolean {
  return ret === "FULL" && dsnSubject(recipients) === DSN_SUBJECT && originalRaw.byteLength <= MAX_RETURNED_MESSAGE_BYTES;
}

function describeOutcome({ reportingMta, recipients }: BuildDsnOptions, full: boolean): string {
  const failed = recipients.filter((r) => (r.action ?? "failed") === "failed");
  const relayed = recipients.filter((r) => r.action === "relayed");
  const lines = [`This is the mail system at host ${reportingMta}.`, ""];
  if (failed.length > 0) {
    lines.push("Your message could not be delivered to one or more recipients.", "", ...failed.map((r) => `<${r.recipient}>: ${oneLine(r.response)}`), "");
  }
  if (relayed.length > 0) {
    lines.push(
      "Your message was relayed to the next mail system, which does not offer delivery status notifications;",
      "you may get no further notice of its delivery.",
      "",
      ...relayed.map((r) => `<${r.recipient}>: relayed${r.remoteMta ? ` to ${r.remoteMta}` : ""}: ${oneLine(r.response)}`),
      "",
    );
  }
  lines.push(full ? "The message is attached below." : "Its headers are attached below.", "");
  return lines.join("\r\n");
}

/** The machine-readable part: one per-message block, then one block per recipient (RFC 3464 §2.2, §2.3). */
function deliveryStatus({ reportingMta, arrivalDate, recipients, envid }: BuildDsnOptions, now: Date): string {
  const perMessage = [
    ...(envid ? [`Original-Envelope-Id: ${envid}`] : []),
    `Reporting-MTA: dns; ${reportingMta}`,
    `Arrival-Date: ${formatDate(arrivalDate)}`,
  ];
  const perRecipient = recipients.map((r) =>
    [
      ...(r.originalRecipient ? [`Original-Recipient: ${r.originalRecipient}`] : []),
      `Final-Recipient: rfc822; ${r.recipient}`,
      `Action: ${r.action ?? "failed"}`,
      `Status: ${r.action === "relayed" ? relayedStatus(r.response) : statusFor(r)}`,
      ...(r.remoteMta ? [`Remote-MTA: dns; ${r.remoteMta}`] : []),
      // "smtp" only for a real SMTP reply; a local reason gets an X- type (RFC 3464 §2.3.6).
      `Diagnostic-Code: ${r.code ? "smtp" : "X-Outgate"}; ${oneLine(r.response)}`,
      `Last-Attempt-Date: ${formatDate(now)}`,
    ].join("\r\n"),
  );
  return [perMessage.join("\r\n"), ...perRecipient].join("\r\n\r\n") + "\r\n";
}

/**
 * Status is an RFC 3463 code. Use the server's enhanced code when it gave a permanent one — or Outgate's own, when it
 * refused the message itself before sending ("message: 5.3.4 SIZE: …", delivery/smtp/send-on-session.ts) or an admin
 * returned it ("5.0.0 Returned to the sender …", queue/actions/bounce-messages.ts); a plain
 * 5xx becomes 5.0.0; a recipient that only ever got transient answers failed because it outlived the queue: 5.4.7.
 */
export function statusFor({ code, response }: Pick<DsnRecipient, "code" | "response">): string {
  const enhanced = /^(?:\d{3}[ -]|[a-z]+: )?([245]\.\d{1,3}\.\d{1,3})\b/.exec(response.trim())?.[1];
  if (enhanced?.startsWith("5.")) return enhanced;
  if (code && code >= 500 && code < 600) return "5.0.0";
  return "5.4.7";
}

/** A relay's status: the gateway's own 2.x.x code when it gave one (RFC 3463), else 2.0.0. */
function relayedStatus(response: string): string {
  return /^\d{3}[ -](2\.\d{1,3}\.\d{1,3})\b/.exec(response.trim())?.[1] ?? "2.0.0";
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
