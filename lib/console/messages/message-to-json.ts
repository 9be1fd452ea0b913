import type { MessageDetail } from "./get-message-detail";

/** The public JSON shape of GET /api/v1/messages/{id}: lower-case statuses, BigInt ids as strings. */
export function messageToJson(message: MessageDetail) {
  return {
    id: message.id,
    messageId: message.messageId,
    status: message.status.toLowerCase(),
    from: message.envelopeFrom,
    subject: message.subject,
    size: message.size,
    attemptCount: message.attempts,
    nextAttemptAt: message.status === "QUEUED" ? message.nextAttemptAt.toISOString() : null,
    lastError: message.lastError,
    createdAt: message.createdAt.toISOString(),
    updatedAt: message.updatedAt.toISOString(),
    completedAt: message.completedAt?.toISOString() ?? null,
    recipients: message.recipients.map((recipient) => ({
      address: recipient.address,
      status: recipient.status.toLowerCase(),
      smtpCode: recipient.smtpCode,
      response: recipient.smtpResponse,
      updatedAt: recipient.updatedAt.toISOString(),
    })),
    attempts: message.deliveryLog.map((attempt) => ({
      id: attempt.id.toString(),
      gateway: attempt.gatewayLabel,
      recipients: attempt.recipients,
      outcome: attempt.outcome.toLowerCase(),
      smtpCode: attempt.smtpCode,
      response: attempt.response,
      startedAt: attempt.startedAt.toISOString(),
      durationMs: attempt.durationMs,
    })),
  };
}
