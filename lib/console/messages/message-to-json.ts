import type { MessageStatusAnswer } from "../../validation/submission-answers";
import type { MessageDetail } from "./get-message-detail";

/**
 * The public JSON shape of GET /api/v1/messages/{id}: lower-case statuses, BigInt ids as strings. Typed by the
 * documented schema (lib/validation/submission-answers.ts), so a field or status the description lacks fails to compile.
 */
export function messageToJson(message: MessageDetail): MessageStatusAnswer {
  return {
    id: message.id,
    messageId: message.messageId,
    status: lowerCase(message.status),
    holdReason: message.status === "HELD" ? message.holdReason : null,
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
      status: lowerCase(recipient.status),
      smtpCode: recipient.smtpCode,
      response: recipient.smtpResponse,
      updatedAt: recipient.updatedAt.toISOString(),
    })),
    attempts: message.deliveryLog.map((attempt) => ({
      id: attempt.id.toString(),
      gateway: attempt.gatewayLabel,
      recipients: attempt.recipients,
      outcome: lowerCase(attempt.outcome),
      smtpCode: attempt.smtpCode,
      response: attempt.response,
      startedAt: attempt.startedAt.toISOString(),
      durationMs: attempt.durationMs,
    })),
  };
}

/** toLowerCase with its literal type kept ("PARTIALLY_DELIVERED" → "partially_delivered"), for the check above. */
function lowerCase<T extends string>(value: T): Lowercase<T> {
  return value.toLowerCase() as Lowercase<T>;
}
