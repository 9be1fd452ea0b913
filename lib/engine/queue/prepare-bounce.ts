import { buildDsn, dsnSubject, type DsnRecipient } from "./build-dsn";
import type { DeliveryReport } from "../delivery/deliver-message";
import type { ClaimedMessage, ClaimedRecipient } from "./claim-messages";
import type { EnqueueMessageInput } from "./enqueue-messages";
import type { RecipientUpdate } from "./settle-recipients";
import { wantsNotice } from "../../validation/dsn-request";

/**
 * The DSN for this outcome, ready to be queued like any message (completeMessages does, in the outcome's transaction):
 * is_bounce, the null sender — so it never gets a DSN of its own and no loop can start — and the original's sender
 * domain, so it routes like the original. It follows the sender's RFC 3461 request (message.dsn, recipients' dsn):
 * - a recipient that failed for good is reported unless its NOTIFY leaves out FAILURE (NEVER, SUCCESS alone, …);
 * - a recipient delivered to a gateway that does not offer DSN (report.recipients without dsnPassedOn) is reported
 *   as "relayed" when its NOTIFY has SUCCESS (§5.2.2); a gateway that offers DSN got the request and answers for it;
 * - ENVID, ORCPT and RET go into the DSN (buildDsn). Outgate sends no delay DSNs, so DELAY never asks for one here.
 * Null when none may go out: bounces switched off, nothing to report, the original had the null sender, or it is
 * itself a bounce (RFC 5321 §4.5.5: never answer a DSN with a DSN).
 */
export async function prepareBounce(
  message: Pick<ClaimedMessage, "id" | "isBounce" | "envelopeFrom" | "raw" | "createdAt" | "senderDomain"> & {
    dsn?: ClaimedMessage["dsn"];
    recipients?: Pick<ClaimedRecipient, "address" | "dsn">[];
  },
  failed: Pick<RecipientUpdate, "address" | "smtpCode" | "response">[],
  report: Pick<DeliveryReport, "gatewayAddress"> & Partial<Pick<DeliveryReport, "recipients">>,
  options: { bouncesEnabled: boolean; reportingMta: string },
): Promise<EnqueueMessageInput | null> {
  if (!options.bouncesEnabled || message.isBounce || message.envelopeFrom === "") return null;
  // The usual delivery: nothing failed and nobody asked to hear of success.
  if (failed.length === 0 && !message.recipients?.some((recipient) => recipient.dsn?.notify?.includes("SUCCESS"))) return null;
  const requests = new Map((message.recipients ?? []).map((recipient) => [recipient.address.toLowerCase(), recipient.dsn ?? null]));
  const requestOf = (address: string) => requests.get(address.toLowerCase()) ?? null;
  const remoteMta = report.gatewayAddress ? { remoteMta: report.gatewayAddress } : {};

  const recipients: DsnRecipient[] = [];
  for (const recipient of failed) {
    const request = requestOf(recipient.address);
    if (!wantsNotice(request, "FAILURE")) continue;
    recipients.push({
      recipient: recipient.address,
      originalRecipient: request?.orcpt ?? null,
      ...(recipient.smtpCode ? { code: recipient.smtpCode } : {}),
      response: recipient.response,
      ...remoteMta,
    });
  }
  for (const result of report.recipients ?? []) {
    if (result.status !== "delivered" || result.dsnPassedOn) continue;
    const request = requestOf(result.recipient);
    if (!request || !wantsNotice(request, "SUCCESS")) continue;
    recipients.push({ recipient: result.recipient, action: "relayed", originalRecipient: request.orcpt, ...(result.code ? { code: result.code } : {}), response: result.response, ...remoteMta });
  }
  if (recipients.length === 0) return null;

  const dsn = await buildDsn({
    reportingMta: options.reportingMta,
    originalSender: message.envelopeFrom,
    originalRaw: message.raw,
    arrivalDate: message.createdAt,
    recipients,
    envid: message.dsn?.envid ?? null,
    ret: message.dsn?.ret ?? null,
  });
  if (!dsn) return null;
  return {
    apiKeyId: null,
    messageId: readMessageId(dsn.raw),
    envelopeFrom: dsn.envelope.from,
    senderDomain: message.senderDomain,
    subject: dsnSubject(recipients),
    raw: dsn.raw,
    recipients: dsn.envelope.to,
    isBounce: true,
    bounceOfId: message.id,
  };
}

function readMessageId(raw: Buffer): string {
  const headerEnd = raw.indexOf("\r\n\r\n");
  const headers = raw.subarray(0, headerEnd === -1 ? raw.length : headerEnd).toString("utf8");
  return /^message-id:\s*<([^>\r\n]+)>/im.exec(headers)?.[1] ?? "";
}
