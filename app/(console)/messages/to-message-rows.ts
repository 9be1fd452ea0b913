import type { MessageListItem } from "@/lib/console/messages/list-messages";
import { formatAge, formatTime } from "@/components/messages/format";
import { showAddress } from "@/lib/console/domains/show-domain-name";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";
import { formatSmtpArrival } from "@/lib/console/messages/format-smtp-arrival";

/** One row of the Messages grid as display text, made on the server (page and live refresh alike). */
export type MessageRow = {
  id: string;
  status: string;
  sender: string;
  recipients: string;
  moreRecipients: number;
  subject: string;
  /** Shown under the subject of a queued message: why it waits. */
  lastError: string | null;
  gateway: string | null;
  /** The gateway column of a queued or held message names the gateway last tried, not one it was sent through. */
  gatewayIsLastTried: boolean;
  tries: number;
  age: string;
  createdAt: string;
  /** "via SMTP from 192.0.2.1 with Billing app (billing)" for a message the SMTP listener took; null for the API's. */
  arrival: string | null;
};

/** List items → grid rows: addresses with both IDN forms, client-written text with its bidi controls visible. */
export function toMessageRows(items: MessageListItem[], now: Date): MessageRow[] {
  return items.map((item) => ({
    id: item.id,
    status: item.status,
    sender: item.envelopeFrom ? showAddress(item.envelopeFrom) : "<> (bounce)",
    recipients: item.recipients.map(showAddress).join(", "),
    moreRecipients: item.recipientCount - item.recipients.length,
    subject: item.subject ? revealBidiControls(item.subject) : "(no subject)",
    lastError: (item.status === "QUEUED" || item.status === "HELD") && item.lastError ? revealBidiControls(item.lastError) : null,
    gateway: item.gatewayLabel ? revealBidiControls(item.gatewayLabel) : null,
    gatewayIsLastTried: item.status === "QUEUED" || item.status === "HELD",
    tries: item.tries,
    age: formatAge(item.createdAt, now),
    createdAt: formatTime(item.createdAt),
    arrival: item.submittedVia === "smtp" ? revealBidiControls(formatSmtpArrival(item.clientIp, item.smtpCredential)) : null,
  }));
}
