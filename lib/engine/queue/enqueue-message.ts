import { getDb } from "../../platform/db";

/** The channel workers LISTEN on; the payload is the message id. */
export const QUEUE_CHANNEL = "outgate_queue";

export type EnqueueMessageInput = {
  apiKeyId: string | null;
  idempotencyKey?: string | null;
  requestHash?: string | null;
  /** Without angle brackets. */
  messageId: string;
  /** "" for the null sender (DSNs). */
  envelopeFrom: string;
  senderDomain: string;
  subject: string | null;
  raw: Uint8Array;
  recipients: string[];
  isBounce?: boolean;
};

export type EnqueuedMessage = { id: string; createdAt: Date };

export type EnqueueOptions = {
  /** Store the message only if its sender domain is a hosted domain (checked in the same statement); else null. */
  onlyForHostedDomain?: boolean;
};

/**
 * Stores a message and all its recipients, and NOTIFYs the workers, in one SQL statement: one round trip, and
 * atomic and durable like a transaction (a statement is its own transaction; the insert commits — with fsync — or
 * nothing is stored). NOTIFY is delivered at commit, so a worker woken by it always finds the rows. A reused
 * (apiKeyId, idempotencyKey) throws Prisma's P2002, as Prisma's create did.
 */
export async function enqueueMessage(input: EnqueueMessageInput, options: { onlyForHostedDomain: true }): Promise<EnqueuedMessage | null>;
export async function enqueueMessage(input: EnqueueMessageInput, options?: EnqueueOptions): Promise<EnqueuedMessage>;
export async function enqueueMessage(input: EnqueueMessageInput, { onlyForHostedDomain = false }: EnqueueOptions = {}): Promise<EnqueuedMessage | null> {
  const raw = asArrayBufferView(input.raw);
  const rows = await insertMessage(input, raw, onlyForHostedDomain).catch((error: unknown) => {
    throw asUniqueViolation(error);
  });
  const row = rows[0];
  if (!row) {
    if (onlyForHostedDomain) return null;
    throw new Error("The message was not stored.");
  }
  return { id: row.id, createdAt: row.createdAt };
}

function insertMessage(input: EnqueueMessageInput, raw: Uint8Array<ArrayBuffer>, onlyForHostedDomain: boolean) {
  return getDb().$queryRaw<(EnqueuedMessage & { notified: string })[]>`
    WITH message AS (
      INSERT INTO messages (api_key_id, idempotency_key, request_hash, message_id, envelope_from, sender_domain, subject,
                            raw, size, is_bounce)
      SELECT ${input.apiKeyId}::uuid, ${input.idempotencyKey ?? null}, ${input.requestHash ?? null}, ${input.messageId},
             ${input.envelopeFrom}, ${input.senderDomain}, ${input.subject}, ${raw}, ${raw.byteLength}, ${input.isBounce ?? false}
       WHERE NOT ${onlyForHostedDomain} OR EXISTS (SELECT 1 FROM domains WHERE name = ${input.senderDomain})
      RETURNING id, created_at
    ), recipients AS (
      INSERT INTO message_recipients (message_id, address)
      SELECT message.id, r.address
        FROM message, unnest(${input.recipients}::text[]) WITH ORDINALITY AS r(address, n)
       ORDER BY r.n
    )
    SELECT id, created_at AS "createdAt", pg_notify(${QUEUE_CHANNEL}, id::text)::text AS notified FROM message`;
}

/**
 * A raw query reports a unique violation as P2002 or as P2010 carrying the database's 23505, depending on the
 * path; callers (idempotency) look for P2002, the code Prisma's create used, so it is made P2002 here.
 */
function asUniqueViolation(error: unknown): unknown {
  const known = error as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } } | null;
  if (known?.code !== "P2010" || known.meta?.driverAdapterError?.cause?.originalCode !== "23505") return error;
  return Object.assign(error as object, { code: "P2002" });
}

/** A view on the same memory when possible: messages can be 25 MiB, no need to copy them again. */
function asArrayBufferView(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
}
