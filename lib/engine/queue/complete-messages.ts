import { runPreparedStatement } from "../../platform/db";
import { Prisma, type MessageStatus } from "../../generated/prisma/client";
import type { DeliveryReport } from "../delivery/deliver-message";
import type { ClaimedMessage } from "./claim-messages";
import { enqueueMessages, type EnqueueMessageInput } from "./enqueue-messages";
import { ATTEMPT_DURATION_BUCKETS_MS, NO_GATEWAY_ID, OVERFLOW_BUCKET_MS } from "./attempt-duration-buckets";
import { runInTransaction } from "../../platform/run-in-transaction";
import { settleRecipients, type SettledMessage } from "./settle-recipients";
import { toDbText } from "./to-db-text";
import type { RetrySchedule } from "./retry-schedule";

export type CompletionInput = { message: ClaimedMessage; report: DeliveryReport };

export type CompleteOptions = {
  leaseToken: string;
  completions: CompletionInput[];
  schedule: RetrySchedule;
  /**
   * Builds the DSN for a message whose recipients failed for good or were delivered (a sender's NOTIFY=SUCCESS), as a
   * message to queue; null when none may be sent or none was asked for.
   */
  prepareBounce?: (message: ClaimedMessage, failed: SettledMessage["newlyFailed"], report: DeliveryReport) => Promise<EnqueueMessageInput | null>;
  now?: Date;
};

/** Per message: its new status, or "lost" when the lease had passed to another worker and nothing was written. */
export type CompletedMessage = { id: string; status: MessageStatus | "lost"; failedRecipients: number };

// Deferred recipients whose retry time could not be computed are looked at again soon rather than never.
const FALLBACK_RETRY_SECONDS = 60;

/**
 * Records the outcome of one claimed batch in a single SQL statement — one round trip and one commit however large
 * the batch — or, when DSNs must be queued with it, that statement and the bounces in one transaction. The
 * messages still holding our lease are locked first (FOR UPDATE); every write is limited to them, so a worker
 * whose lease expired and was taken over cannot overwrite the new owner's result.
 */
export async function completeMessages({ leaseToken, completions, schedule, prepareBounce, now = new Date() }: CompleteOptions): Promise<CompletedMessage[]> {
  if (completions.length === 0) return [];
  const settled = completions.map(({ message, report }) => ({
    message,
    report,
    settled: deferByRule(settleRecipients({ message, results: report.recipients, schedule, now }), report),
  }));
  // DSNs are built before the write (MIME building is CPU work) and inserted in the same transaction, so a crash
  // can neither lose a bounce nor send one for a result that was never recorded.
  const bounces = new Map<string, EnqueueMessageInput>();
  if (prepareBounce) {
    for (const { message, report, settled: s } of settled) {
      // A delivery can need a DSN too: a sender's NOTIFY=SUCCESS through a gateway without DSN (RFC 3461 §5.2.2).
      if (s.newlyFailed.length === 0 && !s.updates.some((update) => update.status === "DELIVERED")) continue;
      const bounce = await prepareBounce(message, s.newlyFailed, report);
      if (bounce) bounces.set(message.id, bounce);
    }
  }

  const query = recordOutcomes(leaseToken, settled, now);
  // Prepared once per connection: the statement's text never changes (every value is a parameter), and planning its
  // dozen CTEs each time cost ~1 ms per group (bench/RESULTS.md run 13). Every lookup in it is by key, so the generic
  // plan PostgreSQL settles on is the custom one.
  const rows =
    bounces.size === 0
      ? await runPreparedStatement<RecordedRow>(RECORD_OUTCOMES, query.text, query.values)
      : await runInTransaction(async (client) => {
          const { rows: recorded } = await client.query<RecordedRow>({ name: RECORD_OUTCOMES, text: query.text, values: query.values });
          // Only for messages whose result was recorded: a lost lease queues no bounce, and neither does a retry of a
          // record whose commit went through (its lease is gone). Queued by the statement API messages go through.
          const queued = recorded.map((row) => bounces.get(row.id)).filter((bounce) => bounce !== undefined);
          await enqueueMessages(queued, { onlyForHostedDomains: false, client });
          return recorded;
        });
  const statuses = new Map(rows.map((row) => [row.id, row.status]));

  return settled.map(({ message, settled: s }) => ({
    id: message.id,
    status: statuses.get(message.id) ?? "lost",
    failedRecipients: s.newlyFailed.length,
  }));
}

/**
 * An answer rule deferred the message (report.deferUntil): its pending recipients are due at the rule's time instead
 * of the schedule's. The queue lifetime still applies: recipients it expired stay failed.
 */
function deferByRule(settled: SettledMessage, report: DeliveryReport): SettledMessage {
  if (!report.deferUntil || settled.nextAttemptAt === null) return settled;
  return { ...settled, nextAttemptAt: report.deferUntil };
}

type RecordedRow = { id: string; status: MessageStatus };

/** The prepared statement's name (runPreparedStatement: one text per name). */
const RECORD_OUTCOMES = "outgate_record_outcomes";

/**
 * The gateway a message waits for (messages.last_gateway_id, what the Spool Count column counts): the one that
 * answered, else — no gateway answered, every one failed over — the last one tried. Null only when none was tried.
 */
function lastTriedGatewayId(report: DeliveryReport): string | null {
  if (report.gatewayId) return report.gatewayId;
  return report.attempts.findLast((attempt) => attempt.gatewayId !== null)?.gatewayId ?? null;
}

/**
 * The whole record of a batch as one statement. All parts see one snapshot, so the new message status is computed
 * from the recipient counts before this statement plus the recipients it settles (RETURNING of the update).
 */
function recordOutcomes(
  leaseToken: string,
  settled: { message: ClaimedMessage; report: DeliveryReport; settled: SettledMessage }[],
  now: Date,
): Prisma.Sql {
  const updates = settled.flatMap(({ settled: s }) => s.updates);
  const attempts = settled.flatMap(({ message, report }) =>
    report.attempts.map((attempt) => ({
      message_id: message.id,
      gateway_id: attempt.gatewayId,
      gateway_label: attempt.gatewayLabel,
      recipients: attempt.recipients,
      outcome: attempt.outcome,
      smtp_code: attempt.smtpCode,
      response: toDbText(attempt.response),
      started_at: attempt.startedAt.toISOString(),
      duration_ms: Math.round(attempt.durationMs),
      rule_fired: attempt.ruleFired ?? null,
    })),
  );
  const retryAt = settled.map(({ settled: s }) =>
    (s.nextAttemptAt ?? new Date(now.getTime() + FALLBACK_RETRY_SECONDS * 1000)).toISOString(),
  );
  return Prisma.sql`
    WITH owned AS (
      SELECT id FROM messages
       WHERE id = ANY(${settled.map(({ message }) => message.id)}::uuid[]) AND lease_token = ${leaseToken}::uuid
         FOR UPDATE
    ), settled_recipients AS (
      UPDATE message_recipients AS r
         SET status = v.status::"RecipientStatus", smtp_code = v.code, smtp_response = v.response, updated_at = now()
        FROM unnest(${updates.map((u) => u.id.toString())}::bigint[], ${updates.map((u) => u.status)}::text[],
                    ${updates.map((u) => u.smtpCode)}::int[], ${updates.map((u) => toDbText(u.response))}::text[])
             AS v(id, status, code, response)
       WHERE r.id = v.id AND r.status = 'PENDING' AND r.message_id IN (SELECT id FROM owned)
      RETURNING r.message_id, r.status
    ), logged AS (
      INSERT INTO delivery_attempts (message_id, gateway_id, gateway_label, recipients, outcome, smtp_code, response, started_at, duration_ms, rule_fired)
      SELECT a.message_id, a.gateway_id, a.gateway_label, a.recipients, a.outcome::"AttemptOutcome", a.smtp_code, a.response,
             a.started_at, a.duration_ms, a.rule_fired
        FROM jsonb_to_recordset(${JSON.stringify(attempts)}::jsonb)
             AS a(message_id uuid, gateway_id uuid, gateway_label text, recipients text[], outcome text, smtp_code int,
                  response text, started_at timestamptz, duration_ms int, rule_fired text)
       WHERE a.message_id IN (SELECT id FROM owned)
      RETURNING coalesce(gateway_id, ${NO_GATEWAY_ID}::uuid) AS gateway_id, outcome, started_at, duration_ms
    ), per_minute AS (
      -- The rollups (overview charts, /metrics) in the same statement, so they agree with the log. ORDER BY: every
      -- writer locks rows in one order, so two workers completing at once wait for each other but never deadlock.
      INSERT INTO delivery_outcomes_per_minute AS t (minute, gateway_id, outcome, attempts, duration_ms_sum)
      SELECT date_trunc('minute', started_at), gateway_id, outcome, count(*), sum(duration_ms)
        FROM logged GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (minute, gateway_id, outcome)
      DO UPDATE SET attempts = t.attempts + excluded.attempts, duration_ms_sum = t.duration_ms_sum + excluded.duration_ms_sum
    ), per_hour AS (
      INSERT INTO delivery_outcomes_per_hour AS t (hour, gateway_id, outcome, attempts, duration_ms_sum)
      SELECT date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', gateway_id, outcome, count(*), sum(duration_ms)
        FROM logged GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (hour, gateway_id, outcome)
      DO UPDATE SET attempts = t.attempts + excluded.attempts, duration_ms_sum = t.duration_ms_sum + excluded.duration_ms_sum
    ), totals AS (
      INSERT INTO delivery_attempt_totals AS t (gateway_id, outcome, duration_le_ms, attempts, duration_ms_sum)
      SELECT gateway_id, outcome,
             coalesce((SELECT min(b) FROM unnest(${[...ATTEMPT_DURATION_BUCKETS_MS]}::int[]) AS b WHERE b >= duration_ms), ${OVERFLOW_BUCKET_MS}::int),
             count(*), sum(duration_ms)
        FROM logged GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (gateway_id, outcome, duration_le_ms)
      DO UPDATE SET attempts = t.attempts + excluded.attempts, duration_ms_sum = t.duration_ms_sum + excluded.duration_ms_sum
    ), counted AS MATERIALIZED (
      -- MATERIALIZED, like changed: each is aggregated once. Inlined, the generic plan (which expects one row from every
      -- unnest) joined them by nested loop and aggregated both again for every message of the group: 50 × 50 rows for
      -- a group of 50 (bench/RESULTS.md run 18).
      SELECT message_id,
             count(*) FILTER (WHERE status = 'PENDING') AS pending,
             count(*) FILTER (WHERE status = 'DELIVERED') AS delivered,
             count(*) FILTER (WHERE status = 'FAILED') AS failed
        FROM message_recipients WHERE message_id IN (SELECT id FROM owned) GROUP BY message_id
    ), changed AS MATERIALIZED (
      SELECT message_id,
             count(*) AS settled,
             count(*) FILTER (WHERE status = 'DELIVERED') AS delivered,
             count(*) FILTER (WHERE status = 'FAILED') AS failed
        FROM settled_recipients GROUP BY message_id
    ), v AS (
      SELECT * FROM unnest(${settled.map(({ message }) => message.id)}::uuid[], ${retryAt}::timestamptz[],
                           ${settled.map(({ report }) => toDbText(report.lastError))}::text[],
                           ${settled.map(({ report }) => lastTriedGatewayId(report))}::uuid[],
                           ${settled.map(({ report }) => !!report.deferUntil)}::boolean[])
             AS v(id, retry_at, last_error, gateway_id, uncounted)
    ), decided AS (
      SELECT v.*, (CASE
               WHEN coalesce(b.pending, 0) - coalesce(c.settled, 0) > 0 THEN 'QUEUED'
               WHEN coalesce(b.failed, 0) + coalesce(c.failed, 0) = 0 THEN 'DELIVERED'
               WHEN coalesce(b.delivered, 0) + coalesce(c.delivered, 0) = 0 THEN 'FAILED'
               ELSE 'PARTIALLY_DELIVERED' END)::"MessageStatus" AS status
        FROM v JOIN owned AS o ON o.id = v.id
        LEFT JOIN counted AS b ON b.message_id = v.id
        LEFT JOIN changed AS c ON c.message_id = v.id
    )
    UPDATE messages AS m
       SET status = d.status,
           next_attempt_at = CASE WHEN d.status = 'QUEUED' THEN d.retry_at ELSE m.next_attempt_at END,
           completed_at = CASE WHEN d.status = 'QUEUED' THEN NULL ELSE now() END,
           lease_token = NULL,
           lease_until = NULL,
           -- The attempt is counted here, not by the (heap-only) claim; one deferred by an answer rule is not counted,
           -- like a give-back (give-back-messages.ts).
           attempts = CASE WHEN d.uncounted AND d.status = 'QUEUED' THEN m.attempts ELSE m.attempts + 1 END,
           last_error = d.last_error,
           last_gateway_id = coalesce(d.gateway_id, m.last_gateway_id),
           updated_at = now()
      FROM decided AS d
     WHERE m.id = d.id AND m.lease_token = ${leaseToken}::uuid
    RETURNING m.id, m.status::text AS status`;
}
