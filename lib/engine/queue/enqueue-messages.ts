import { randomUUID } from "node:crypto";
import { runPreparedStatement } from "../../platform/db";
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
  const rows = await runPreparedStatement<EnqueuedMessage>("outgate_enqueue_messages", ENQUEUE_MESSAGES, [
    ids,
    inputs.map((i) => i.apiKeyId),
    inputs.map((i) => i.idempotencyKey ?? null),
    inputs.map((i) => i.requestHash ?? null),
    inputs.map((i) => i.messageId),
    inputs.map((i) => i.envelopeFrom),
    inputs.map((i) => i.senderDomain),
    inputs.map((i) => i.subject),
    inputs.map((i) => asBuffer(i.raw)),
    inputs.map((i) => i.raw.byteLength),
    inputs.map((i) => i.isBounce ?? false),
    inputs.flatMap((input, index) => input.recipients.map(() => ids[index])),
    inputs.flatMap((i) => i.recipients),
    QUEUE_CHANNEL,
  ]);
  const stored = new Map(rows.map((row) => [row.id, row.createdAt]));
  return ids.map((id) => {
    const createdAt = stored.get(id);
    return createdAt ? { id, createdAt } : null;
  });
}

const ENQUEUE_MESSAGES = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                         $9::bytea[], $10::int[], $11::boolean[])
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
      FROM unnest($12::uuid[], $13::text[]) WITH ORDINALITY AS r(message_id, address, n)
      JOIN message ON message.id = r.message_id
     ORDER BY r.n
  )
  SELECT id, created_at AS "createdAt", pg_notify($14, id::text) FROM message`;

/** pg sends a Buffer as bytea; a plain Uint8Array would be sent as text. A view, not a copy (messages can be 25 MiB). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
