import libmime from "libmime";
import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { generateMessageId } from "../../platform/generate-message-id";
import { getHostName } from "../../platform/host-name";
import { enqueuePinnedMessage } from "../../engine/queue/enqueue-pinned-message";

export type SentTestMessage = { id: string; messageId: string };

/**
 * "Send test message" (issue 13): a short plain-text message from the signed-in admin to `to`, queued like any
 * other mail (it shows in Messages, with its attempts) but pinned to gateway `id`, so it goes through that gateway
 * only. The admin is the envelope sender, so a bounce comes back to them. AppError not_found for an unknown
 * gateway; bad_request for a disabled one (it would only wait).
 */
export async function sendTestMessage({ id, to, adminEmail }: { id: string; to: string; adminEmail: string }): Promise<SentTestMessage> {
  const gateway = await getDb().gateway.findUnique({ where: { id }, select: { description: true, address: true, port: true, enabled: true } });
  if (!gateway) throw new AppError("not_found", "That gateway no longer exists.");
  if (!gateway.enabled) throw new AppError("bad_request", "Enable the gateway first: a disabled gateway sends nothing.");
  const hostName = await getHostName();
  const senderDomain = adminEmail.slice(adminEmail.lastIndexOf("@") + 1);
  const messageId = generateMessageId({ hostName, senderDomain });
  const subject = `Outgate test message through ${gateway.description.replace(/[\r\n]+/g, " ")}`;
  const raw = Buffer.from(
    [
      `From: ${adminEmail}`,
      `To: ${to}`,
      // RFC 2047 encoded-words only where the description is not ASCII.
      `Subject: ${libmime.encodeWords(subject, "Q", 52)}`,
      `Date: ${new Date().toUTCString().replace("GMT", "+0000")}`,
      `Message-ID: <${messageId}>`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      `This message was sent by ${adminEmail} from the Outgate console on ${hostName.name}`,
      `through the gateway ${gateway.description.replace(/[\r\n]+/g, " ")} (${gateway.address}:${gateway.port}) only.`,
      "If it arrived, this gateway relays mail from Outgate.",
      "",
    ].join("\r\n"),
    "utf8",
  );
  const stored = await enqueuePinnedMessage(
    { apiKeyId: null, messageId, envelopeFrom: adminEmail, senderDomain, subject, raw, recipients: [to] },
    id,
  );
  return { id: stored.id, messageId };
}
