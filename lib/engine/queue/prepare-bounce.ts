import { buildDsn } from "./build-dsn";
import type { DeliveryReport } from "../delivery/deliver-message";
import type { ClaimedMessage } from "./claim-messages";
import type { PreparedBounce } from "./insert-bounces";
import type { RecipientUpdate } from "./settle-recipients";

/**
 * The DSN for recipients that failed for good, or null when none may go out: bounces switched off, the original
 * had the null sender, or it is itself a bounce (RFC 5321 §4.5.5: never answer a DSN with a DSN).
 */
export async function prepareBounce(
  message: ClaimedMessage,
  failed: RecipientUpdate[],
  report: DeliveryReport,
  options: { bouncesEnabled: boolean; reportingMta: string },
): Promise<PreparedBounce | null> {
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
  return { dsn, senderDomain: message.senderDomain, messageId: readMessageId(dsn.raw) };
}

function readMessageId(raw: Buffer): string {
  const headerEnd = raw.indexOf("\r\n\r\n");
  const headers = raw.subarray(0, headerEnd === -1 ? raw.length : headerEnd).toString("utf8");
  return /^message-id:\s*<([^>\r\n]+)>/im.exec(headers)?.[1] ?? "";
}
