import { buildDsn, DSN_SUBJECT } from "./build-dsn";
import type { DeliveryReport } from "../delivery/deliver-message";
import type { ClaimedMessage } from "./claim-messages";
import type { EnqueueMessageInput } from "./enqueue-messages";
import type { RecipientUpdate } from "./settle-recipients";

/**
 * The DSN for recipients that failed for good, ready to be queued like any message (completeMessages does, in the
 * outcome's transaction): is_bounce, the null sender — so it never gets a DSN of its own and no loop can start —
 * and the original's sender domain, so it routes like the original. Null when none may go out: bounces switched
 * off, the original had the null sender, or it is itself a bounce (RFC 5321 §4.5.5: never answer a DSN with a DSN).
 */
export async function prepareBounce(
  message: Pick<ClaimedMessage, "id" | "isBounce" | "envelopeFrom" | "raw" | "createdAt" | "senderDomain">,
  failed: Pick<RecipientUpdate, "address" | "smtpCode" | "response">[],
  report: Pick<DeliveryReport, "gatewayAddress">,
  options: { bouncesEnabled: boolean; reportingMta: string },
): Promise<EnqueueMessageInput | null> {
  if (!options.bouncesEnabled || message.isBounce || message.envelopeFrom === "" || failed.length === 0) return null;
  const dsn = await buildDsn({
    reportingMta: options.reportingMta,
    originalSender: message.envelopeFrom,
    originalRaw: message.raw,
    arrivalDate: message.createdAt,
    recipients: failed.map((recipient) => ({
      recipient: recipient.address,
      ...(recipient.smtpCode ? { code: recipient.smtpCode } : {}),
      response: recipient.response,
      ...(report.gatewayAddress ? { remoteMta: report.gatewayAddress } : {}),
    })),
  });
  if (!dsn) return null;
  return {
    apiKeyId: null,
    messageId: readMessageId(dsn.raw),
    envelopeFrom: dsn.envelope.from,
    senderDomain: message.senderDomain,
    subject: DSN_SUBJECT,
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
