import { getDb } from "../db";
import type { DeliveryReport } from "../mail/deliver-message";
import type { ClaimedMessage } from "./claim-messages";
import { insertBounces, type PreparedBounce } from "./insert-bounces";
import { settleRecipients, type SettledMessage } from "./settle-recipients";
import { toDbText } from "./to-db-text";

export type FinalStatus = "QUEUED" | "DELIVERED" | "PARTIALLY_DELIVERED" | "FAILED";

export type CompletionInput = { message: ClaimedMessage; report: DeliveryReport };

export type CompleteOptions = {
  leaseToken: string;
  completions: CompletionInput[];
  schedule: { delaysSeconds: number[]; maxLifetimeSeconds: number };
  /** Builds the DSN for a message whose recipients failed for good; null when none may be sent. */
  prepareBounce?: (message: ClaimedMessage, failed: SettledMessage["newlyFailed"], report: DeliveryReport) => Promise<PreparedBounce | null>;
  now?: Date;
};

/** Per message: its new status, or "lost" when the lease had passed to another worker and nothing was written. */
export type CompletedMessage = { id: string; status: FinalStatus | "lost"; failedRecipients: number };

// Deferred recipients whose retry time could not be computed are looked at again soon rather than never.
const FALLBACK_RETRY_SECONDS = 60;

/**
 * Records the outcome of one claimed batch in a single transaction (a handful of statements however large the
 * batch). The messages still holding our lease are locked first; every later write is limited to them, so a
 * worker whose lease expired and was taken over cannot overwrite the new owner's result.
 */
export async function completeMessages({ leaseToken, completions, schedule, prepareBounce, now = new Date() }: CompleteOptions): Promise<CompletedMessage[]> {
  if (completions.length === 0) return [];
  const settled = completions.map(({ message, report }) => ({
    message,
    report,
    settled: settleRecipients({ message, results: report.recipients, schedule, now }),
  }));
  // DSNs are built before the transaction (MIME building is CPU work) and inserted inside it, so a crash can
  // neither lose a bounce nor send one for a result that was never recorded.
  const bounces = new Map<string, PreparedBounce>();
  if (prepareBounce) {
    for (const { message, report, settled: s } of settled) {
      if (s.newlyFailed.length === 0) continue;
      const bounce = await prepareBounce(message, s.newlyFailed, report);
      if (bounce) bounces.set(message.id, bounce);
    }
  }

  const ids = completions.map(({ message }) => message.id);
  const statuses = await getDb().$transaction(
    async (tx) => {
      const ownedRows = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM messages WHERE id = ANY(${ids}::uuid[]) AND lease_token = ${leaseToken}::uuid FOR UPDATE`;
      const owned = new Set(ownedRows.map((row) => row.id));
      const mine = settled.filter(({ message }) => owned.has(message.id));
      if (mine.length === 0) return new Map<string, FinalStatus>();

      const updates = mine.flatMap(({ settled: s }) => s.updates);
      if (updates.length > 0) {
        await tx.$executeRaw`
          UPDATE message_recipients AS r
             SET status = v.status::"RecipientStatus", smtp_code = v.code, smtp_response = v.response, updated_at = now()
            FROM unnest(${updates.map((u) => u.id.toString())}::bigint[], ${updates.map((u) => u.status)}::text[],
                        ${updates.map((u) => u.smtpCode)}::int[], ${updates.map((u) => toDbText(u.response))}::text[])
                 AS v(id, status, code, response)
           WHERE r.id = v.id AND r.status = 'PENDING'`;
      }

      const attempts = mine.flatMap(({ message, report }) =>
        report.attempts.map((attempt) => ({ ...attempt, response: toDbText(attempt.response), messageId: message.id })),
      );
      if (attempts.length > 0) await tx.deliveryAttempt.createMany({ data: attempts });

      const retryAt = mine.map(({ settled: s }) =>
        (s.nextAttemptAt ?? new Date(now.getTime() + FALLBACK_RETRY_SECONDS * 1000)).toISOString(),
      );
      const rows = await tx.$queryRaw<{ id: string; status: FinalStatus }[]>`
        WITH v AS (
          SELECT * FROM unnest(${mine.map(({ message }) => message.id)}::uuid[], ${retryAt}::timestamptz[],
                               ${mine.map(({ report }) => toDbText(report.lastError))}::text[], ${mine.map(({ report }) => report.gatewayId)}::uuid[])
                 AS v(id, retry_at, last_error, gateway_id)
        ), agg AS (
          SELECT message_id,
                 count(*) FILTER (WHERE status = 'PENDING') AS pending,
                 count(*) FILTER (WHERE status = 'DELIVERED') AS delivered,
                 count(*) FILTER (WHERE status = 'FAILED') AS failed
            FROM message_recipients WHERE message_id IN (SELECT id FROM v) GROUP BY message_id
        ), decided AS (
          SELECT v.*, (CASE
                   WHEN coalesce(agg.pending, 0) > 0 THEN 'QUEUED'
                   WHEN coalesce(agg.failed, 0) = 0 THEN 'DELIVERED'
                   WHEN coalesce(agg.delivered, 0) = 0 THEN 'FAILED'
                   ELSE 'PARTIALLY_DELIVERED' END)::"MessageStatus" AS status
            FROM v LEFT JOIN agg ON agg.message_id = v.id
        )
        UPDATE messages AS m
           SET status = d.status,
               next_attempt_at = CASE WHEN d.status = 'QUEUED' THEN d.retry_at ELSE m.next_attempt_at END,
               completed_at = CASE WHEN d.status = 'QUEUED' THEN NULL ELSE now() END,
               lease_token = NULL,
               last_error = d.last_error,
               last_gateway_id = coalesce(d.gateway_id, m.last_gateway_id),
               updated_at = now()
          FROM decided AS d
         WHERE m.id = d.id AND m.lease_token = ${leaseToken}::uuid
        RETURNING m.id, m.status::text AS status`;

      await insertBounces(tx, mine.map(({ message }) => bounces.get(message.id)).filter((bounce) => bounce !== undefined));
      return new Map(rows.map((row) => [row.id, row.status]));
    },
    { timeout: 60_000, maxWait: 30_000 },
  );

  return settled.map(({ message, settled: s }) => ({
    id: message.id,
    status: statuses.get(message.id) ?? "lost",
    failedRecipients: s.newlyFailed.length,
  }));
}
