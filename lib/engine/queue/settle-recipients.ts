import { computeNextAttempt, type RetrySchedule } from "./retry-schedule";
import type { RecipientResult } from "../delivery/types";
import type { ClaimedMessage } from "./claim-messages";

export type RecipientUpdate = {
  id: bigint;
  address: string;
  status: "DELIVERED" | "FAILED";
  smtpCode: number | null;
  response: string;
};

export type SettledMessage = {
  /** Final answers for this attempt; deferred recipients are absent (they stay PENDING). */
  updates: RecipientUpdate[];
  /** When the still-pending recipients are due again; null when none is pending. */
  nextAttemptAt: Date | null;
  /** Recipients that failed for good in this attempt (5xx or lifetime exceeded): the DSN's subject. */
  newlyFailed: RecipientUpdate[];
};

export type SettleOptions = {
  message: Pick<ClaimedMessage, "attempts" | "createdAt" | "recipients">;
  results: RecipientResult[];
  schedule: RetrySchedule;
  now: Date;
};

/**
 * Decides, in memory, what one attempt means for each recipient. Deferred recipients are retried on the schedule
 * until the message outlives the queue lifetime; then they fail with their last answer, like Postfix's
 * maximal_queue_lifetime.
 */
export function settleRecipients({ message, results, schedule, now }: SettleOptions): SettledMessage {
  const idByAddress = new Map(message.recipients.map((recipient) => [recipient.address.toLowerCase(), recipient.id]));
  const updates: RecipientUpdate[] = [];
  const deferred: RecipientResult[] = [];
  for (const result of results) {
    const id = idByAddress.get(result.recipient.toLowerCase());
    if (id === undefined) continue;
    if (result.status === "deferred") {
      deferred.push(result);
      continue;
    }
    updates.push({
      id,
      address: result.recipient,
      status: result.status === "delivered" ? "DELIVERED" : "FAILED",
      smtpCode: result.code ?? null,
      response: result.response,
    });
  }
  const newlyFailed = updates.filter((update) => update.status === "FAILED");
  if (deferred.length === 0) return { updates, nextAttemptAt: null, newlyFailed };

  const nextAttemptAt = computeNextAttempt({ attempts: message.attempts, firstQueuedAt: message.createdAt, now, schedule });
  if (nextAttemptAt) return { updates, nextAttemptAt, newlyFailed };

  const expired = deferred.map((result) => ({
    id: idByAddress.get(result.recipient.toLowerCase())!,
    address: result.recipient,
    status: "FAILED" as const,
    smtpCode: result.code ?? null,
    response: `Delivery time expired (queue lifetime exceeded); last answer: ${result.response}`,
  }));
  return { updates: [...updates, ...expired], nextAttemptAt: null, newlyFailed: [...newlyFailed, ...expired] };
}
