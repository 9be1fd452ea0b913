import { randomUUID } from "node:crypto";
import { runStatementWithPlannerSettings } from "../../platform/db";
import { isUuid } from "../../validation/uuid";
import { readStoredMessageDsn, readStoredRecipientDsn, type MessageDsn, type RecipientDsn } from "../../validation/dsn-request";

/** `dsn`: the sender's RFC 3461 NOTIFY and ORCPT for this recipient (null or absent: none asked). */
export type ClaimedRecipient = { id: bigint; address: string; dsn?: RecipientDsn | null };

export type ClaimedMessage = {
  id: string;
  messageId: string;
  /** "" is the null sender. */
  envelopeFrom: string;
  senderDomain: string;
  raw: Buffer;
  isBounce: boolean;
  /** Attempts including the one this claim starts. */
  attempts: number;
  createdAt: Date;
  /** Sent through this gateway only (a test message); null: routed as usual. */
  pinnedGatewayId: string | null;
  /** Moved by an admin (Move to gateway): this gateway first, the usual route as failover; null: not moved. */
  movedToGatewayId?: string | null;
  /** The sender's RFC 3461 RET and ENVID (null or absent: none asked). */
  dsn?: MessageDsn | null;
  /** Only the recipients still PENDING; delivered and failed ones are never sent again. */
  recipients: ClaimedRecipient[];
};

export type ClaimOptions = {
  limit: number;
  /** How long the claim is ours; after that another worker may take the message again. */
  leaseSeconds: number;
  /** A fresh one per claim by default; every later write is guarded by it. */
  leaseToken?: string;
};

export type Claim = { leaseToken: string; messages: ClaimedMessage[] };

type ClaimedRow = Omit<ClaimedMessage, "recipients" | "dsn"> & {
  /** PENDING recipients in id order, as text: bigint ids survive the trip exactly. */
  recipientIds: string[];
  recipientAddresses: string[];
  recipientNotify: (string | null)[];
  recipientOrcpt: (string | null)[];
  dsnRet: string | null;
  dsnEnvid: string | null;
};

/**
 * Claims up to `limit` due messages atomically: each gets this claim's lease token and a lease (lease_until) that
 * ends `leaseSeconds` from now. Nothing has to release a crashed worker's claim: once its lease has passed, the message
 * is claimable again. SKIP LOCKED lets concurrent workers take disjoint batches without waiting on each other, and the
 * (status, next_attempt_at) index keeps the inner select cheap however many messages wait; the few messages in flight
 * are due too and are stepped over (their lease_until is checked on the row, and re-checked by PostgreSQL on a row
 * another claim has just updated, so two claims never take one message). The update names no indexed column, so it is
 * heap-only (migration 20261206010000_messages_lease_until): the attempt is counted by the outcome, not here. Held mail
 * (status HELD) is never claimed, and neither is a message with an admin's action waiting for the end of a lease
 * (pending_action, lib/engine/queue/actions/apply-queue-action.ts): the queue action runner applies it first, so a
 * message held or deleted mid-send is not sent again. The due messages are picked by an ARRAY(…) sub-select, which
 * PostgreSQL runs once (an InitPlan) before the update looks the ids up by key: with `id IN (…)` the planner was free to
 * make it the inner side of a semi join and run it again for every message in the table, which it did with statistics
 * from an analyze of a nearly empty table (1–2 s per claim with 20,000 queued, bench/RESULTS.md run 15).
 */
export async function claimMessages({ limit, leaseSeconds, leaseToken = randomUUID() }: ClaimOptions): Promise<Claim> {
  // One statement, one round trip: the claim and the pending recipients of what it claimed.
  const rows = await runStatementWithPlannerSettings<ClaimedRow>(CLAIM_PLANNER_SETTINGS, claimStatement({ limit, leaseSeconds, leaseToken }));
  if (rows.length === 0) return { leaseToken, messages: [] };

  // Oldest due first, as the claim ordered them (RETURNING order is not guaranteed).
  rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return {
    leaseToken,
    messages: rows.map(({ recipientIds, recipientAddresses, recipientNotify, recipientOrcpt, dsnRet, dsnEnvid, ...row }) => ({
      ...row,
      attempts: Number(row.attempts),
      dsn: readStoredMessageDsn(dsnRet, dsnEnvid),
      recipients: recipientIds.map((id, index) => ({
        id: BigInt(id),
        address: recipientAddresses[index],
        dsn: readStoredRecipientDsn(recipientNotify[index], recipientOrcpt[index]),
      })),
    })),
  };
}

/**
 * The planner must take the due messages in (status, next_attempt_at) index order and stop after `limit`. With
 * statistics from before a burst (most rows DELIVERED, a few QUEUED: autovacuum analyzes a minute or more later) it
 * expects a handful of due rows and reads every due row (a bitmap scan, or the partial messages_queued_idx) and sorts
 * them all, for each claim: 6–8 ms per claim of 50 with 20,000 waiting (bench/RESULTS.md run 13), growing with the
 * backlog — when speed matters most. Without bitmap and sequential scans and sorts, the only plan left is the ordered
 * index scan, whatever the statistics say; the recipients' ordered aggregates then sort inside their Agg node
 * (enable_presorted_aggregate off) instead of asking for a Sort the planner would route around.
 */
export const CLAIM_PLANNER_SETTINGS = { enable_bitmapscan: "off", enable_seqscan: "off", enable_sort: "off", enable_presorted_aggregate: "off" } as const;

/**
 * The claim statement with its values inline (runStatementWithPlannerSettings takes no parameters), each checked here.
 * Throws RangeError for a limit that is not a positive integer, a lease that is not a finite number of seconds ≥ 0
 * or a lease token that is not a UUID.
 */
export function claimStatement({ limit, leaseSeconds, leaseToken }: Required<ClaimOptions>): string {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`claim limit must be a positive integer, not ${limit}`);
  if (!Number.isFinite(leaseSeconds) || leaseSeconds < 0) throw new RangeError(`lease must be a number of seconds ≥ 0, not ${leaseSeconds}`);
  if (!isUuid(leaseToken)) throw new RangeError("lease token must be a UUID");
  return CLAIM_MESSAGES.replace("$1", `'${leaseToken}'`).replace("$2", String(leaseSeconds)).replace("$3", String(limit));
}

const CLAIM_MESSAGES = `
  WITH claimed AS (
    UPDATE messages
       SET lease_token = $1::uuid,
           lease_until = now() + make_interval(secs => $2::double precision),
           updated_at = now()
     WHERE id = ANY(ARRAY(
       SELECT id FROM messages
        WHERE status = 'QUEUED' AND next_attempt_at <= now() AND pending_action IS NULL
          AND (lease_until IS NULL OR lease_until <= now())
        ORDER BY next_attempt_at
        LIMIT $3
        FOR UPDATE SKIP LOCKED))
    RETURNING id, message_id, envelope_from, sender_domain, raw, is_bounce, attempts + 1 AS attempts, created_at, pinned_gateway_id, moved_to_gateway_id, dsn_ret, dsn_envid
  )
  SELECT c.id, c.message_id AS "messageId", c.envelope_from AS "envelopeFrom", c.sender_domain AS "senderDomain",
         c.raw, c.is_bounce AS "isBounce", c.attempts, c.created_at AS "createdAt",
         c.pinned_gateway_id::text AS "pinnedGatewayId", c.moved_to_gateway_id::text AS "movedToGatewayId", c.dsn_ret AS "dsnRet", c.dsn_envid AS "dsnEnvid",
         coalesce(r.ids, '{}') AS "recipientIds", coalesce(r.addresses, '{}') AS "recipientAddresses",
         coalesce(r.notify, '{}') AS "recipientNotify", coalesce(r.orcpt, '{}') AS "recipientOrcpt"
    FROM claimed AS c
    LEFT JOIN LATERAL (
      SELECT array_agg(id::text ORDER BY id) AS ids, array_agg(address ORDER BY id) AS addresses,
             array_agg(dsn_notify ORDER BY id) AS notify, array_agg(dsn_orcpt ORDER BY id) AS orcpt
        FROM message_recipients WHERE message_id = c.id AND status = 'PENDING'
    ) AS r ON true`;
