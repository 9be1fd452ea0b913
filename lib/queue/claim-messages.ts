import { randomUUID } from "node:crypto";
import { getDb } from "../db";

export type ClaimedRecipient = { id: bigint; address: string };

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

type ClaimedRow = Omit<ClaimedMessage, "raw" | "recipients"> & { raw: Uint8Array };
type RecipientRow = { id: bigint; messageId: string; address: string };

/**
 * Claims up to `limit` due messages atomically. The lease is the pushed-forward next_attempt_at: nothing has to
 * release a crashed worker's claim, the message simply becomes due again. SKIP LOCKED lets concurrent workers
 * take disjoint batches without waiting on each other, and the (status, next_attempt_at) index keeps the inner
 * select cheap however many messages wait.
 */
export async function claimMessages({ limit, leaseSeconds, leaseToken = randomUUID() }: ClaimOptions): Promise<Claim> {
  const db = getDb();
  const rows = await db.$queryRaw<ClaimedRow[]>`
    UPDATE messages
       SET lease_token = ${leaseToken}::uuid,
           next_attempt_at = now() + make_interval(secs => ${leaseSeconds}::double precision),
           attempts = attempts + 1,
           updated_at = now()
     WHERE id IN (
       SELECT id FROM messages
        WHERE status = 'QUEUED' AND next_attempt_at <= now()
        ORDER BY next_attempt_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING id, message_id AS "messageId", envelope_from AS "envelopeFrom", sender_domain AS "senderDomain",
              raw, is_bounce AS "isBounce", attempts, created_at AS "createdAt"`;
  if (rows.length === 0) return { leaseToken, messages: [] };

  const ids = rows.map((row) => row.id);
  const recipientRows = await db.$queryRaw<RecipientRow[]>`
    SELECT id, message_id AS "messageId", address FROM message_recipients
     WHERE message_id = ANY(${ids}::uuid[]) AND status = 'PENDING'
     ORDER BY id`;
  const byMessage = new Map<string, ClaimedRecipient[]>();
  for (const { id, messageId, address } of recipientRows) {
    const list = byMessage.get(messageId) ?? [];
    list.push({ id: BigInt(id), address });
    byMessage.set(messageId, list);
  }

  // Oldest due first, as the claim ordered them (RETURNING order is not guaranteed).
  rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return {
    leaseToken,
    messages: rows.map((row) => ({
      ...row,
      raw: Buffer.from(row.raw),
      attempts: Number(row.attempts),
      recipients: byMessage.get(row.id) ?? [],
    })),
  };
}
