import { randomUUID } from "node:crypto";
import { getDb } from "../db";
import { QUEUE_CHANNEL, type EnqueuedMessage, type EnqueueMessageInput } from "./enqueue-message";

/**
 * Stores several messages with their recipients in one SQL statement (one round trip, one commit) and NOTIFYs the
 * workers of each. A message is stored only when its sender domain is hosted, and skipped when its (apiKeyId,
 * idempotencyKey) is already taken; null in the answer (same order as `inputs`) means "not stored". Atomic like
 * enqueueMessage: if the statement fails, none of them is stored.
 */
export async function enqueueMessages(inputs: EnqueueMessageInput[]): Promise<(EnqueuedMessage | null)[]> {
  if (inputs.length === 0) return [];
  const ids = inputs.map(() => randomUUID());
  const recipientOwners = inputs.flatMap((input, index) => input.recipients.map(() => ids[index]));
  const rows = await getDb().$queryRaw<(EnqueuedMessage & { notified: string })[]>`
    WITH input AS (
      SELECT * FROM unnest(${ids}::uuid[], ${inputs.map((i) => i.apiKeyId)}::uuid[], ${inputs.map((i) => i.idempotencyKey ?? null)}::text[],
                           ${inputs.map((i) => i.requestHash ?? null)}::text[], ${inputs.map((i) => i.messageId)}::text[],
                           ${inputs.map((i) => i.envelopeFrom)}::text[], ${inputs.map((i) => i.senderDomain)}::text[],
                           ${inputs.map((i) => i.subject)}::text[], ${inputs.map((i) => i.raw)}::bytea[],
                           ${inputs.map((i) => i.raw.byteLength)}::int[], ${inputs.map((i) => i.isBounce ?? false)}::boolean[])
             AS i(id, api_key_id, idempotency_key, request_hash, message_id, envelope_from, sender_domain, subject, raw, size, is_bounce)
    ), message AS (
      INSERT INTO messages (id, api_key_id, idempotency_key, request_hash, message_id, envelope_from, sender_domain, subject,
                            raw, size, is_bounce)
      SELECT i.id, i.api_key_id, i.idempotency_key, i.request_hash, i.message_id, i.envelope_from, i.sender_domain, i.subject,
             i.raw, i.size, i.is_bounce
        FROM input AS i
       WHERE EXISTS (SELECT 1 FROM domains WHERE name = i.sender_domain)
      ON CONFLICT DO NOTHING
      RETURNING id, created_at
    ), recipients AS (
      INSERT INTO message_recipients (message_id, address)
      SELECT r.message_id, r.address
        FROM unnest(${recipientOwners}::uuid[], ${inputs.flatMap((i) => i.recipients)}::text[]) WITH ORDINALITY AS r(message_id, address, n)
        JOIN message ON message.id = r.message_id
       ORDER BY r.n
    )
    SELECT id, created_at AS "createdAt", pg_notify(${QUEUE_CHANNEL}, id::text)::text AS notified FROM message`;
  const stored = new Map(rows.map((row) => [row.id, row.createdAt]));
  return ids.map((id) => {
    const createdAt = stored.get(id);
    return createdAt ? { id, createdAt } : null;
  });
}
