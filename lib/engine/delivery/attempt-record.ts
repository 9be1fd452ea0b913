import { log } from "../../platform/log";
import { gatewayLabel } from "./gateway-connection";
import type { GatewaySendResult, RecipientResult, RoutableGateway } from "./types";

/**
 * UNKNOWN: the end of data went unanswered (timeout or lost connection after the final "."), so the gateway may
 * have accepted the message; its recipients are deferred and it may be delivered twice (Postfix says the same).
 */
export type AttemptOutcome = "DELIVERED" | "PARTIAL" | "DEFERRED" | "FAILED" | "FAILOVER" | "UNKNOWN";

/** One row of the delivery log (DeliveryAttempt), built here and written by the queue. */
export type AttemptRecord = {
  gatewayId: string | null;
  gatewayLabel: string;
  recipients: string[];
  outcome: AttemptOutcome;
  smtpCode: number | null;
  response: string;
  startedAt: Date;
  durationMs: number;
  /** The answer rule that fired on this attempt (labelFiredRule), if any. */
  ruleFired?: string | null;
};

/** The attempt's outcome from its recipients' results: one status for all, PARTIAL when they differ. */
export function decideOutcome(recipients: RecipientResult[]): AttemptOutcome {
  if (recipients.some((recipient) => recipient.outcomeUnknown)) return "UNKNOWN";
  const statuses = new Set(recipients.map((recipient) => recipient.status));
  if (statuses.size !== 1) return "PARTIAL";
  if (statuses.has("delivered")) return "DELIVERED";
  return statuses.has("failed") ? "FAILED" : "DEFERRED";
}

/** The SMTP code to log: the whole transaction's failure, else the first undelivered recipient's, else the first one's. */
export function pickCode(result: GatewaySendResult): number | null {
  const undelivered = result.recipients.find((recipient) => recipient.status !== "delivered");
  return result.failure?.code ?? undelivered?.code ?? result.recipients[0]?.code ?? null;
}

/** One response when all recipients got the same answer, otherwise "rcpt: answer" per recipient. */
export function describeResponse(result: GatewaySendResult): string {
  const distinct = new Set(result.recipients.map((recipient) => recipient.response));
  if (distinct.size <= 1) return result.recipients[0]?.response ?? result.response ?? "";
  return result.recipients.map((recipient) => `${recipient.recipient}: ${recipient.response}`).join("; ");
}

/** One delivery-log row for `message`'s pending recipients through `gateway` (null: none was tried). */
export function recordAttempt(
  gateway: RoutableGateway | null,
  message: { recipients: string[] },
  outcome: AttemptOutcome,
  smtpCode: number | null,
  response: string,
  startedAt: Date,
  durationMs: number,
  ruleFired: string | null = null,
): AttemptRecord {
  return {
    gatewayId: gateway?.id ?? null,
    gatewayLabel: gateway ? gatewayLabel(gateway) : "(no gateway)",
    recipients: message.recipients,
    outcome,
    smtpCode,
    response,
    startedAt,
    durationMs,
    ruleFired,
  };
}

/** The attempt's structured log line (RFC 5321 code and answer for anything not delivered). */
export function logAttempt(message: { id: string; messageId: string }, attempt: AttemptRecord): void {
  log(attempt.outcome === "DELIVERED" ? "info" : "warn", "delivery.attempt", {
    id: message.id,
    messageId: message.messageId,
    gateway: attempt.gatewayLabel,
    outcome: attempt.outcome,
    code: attempt.smtpCode,
    durationMs: attempt.durationMs,
    ...(attempt.ruleFired ? { rule: attempt.ruleFired } : {}),
    ...(attempt.outcome === "DELIVERED" ? {} : { response: attempt.response }),
  });
}
