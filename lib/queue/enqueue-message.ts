import { getDb } from "../db";

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

/**
 * Stores a message and all its recipients in one transaction (one multi-row insert for the recipients),
 * then NOTIFYs the workers. NOTIFY inside the transaction is delivered at commit, so a worker woken by it
 * always finds the rows. A reused (apiKeyId, idempotencyKey) throws Prisma's P2002.
 */
export async function enqueueMessage(input: EnqueueMessageInput): Promise<EnqueuedMessage> {
  return getDb().$transaction(async (tx) => {
    const message = await tx.message.create({
      data: {
        apiKeyId: input.apiKeyId,
        idempotencyKey: input.idempotencyKey ?? null,
        requestHash: input.requestHash ?? null,
        messageId: input.messageId,
        envelopeFrom: input.envelopeFrom,
        senderDomain: input.senderDomain,
        subject: input.subject,
        raw: asArrayBufferView(input.raw),
        size: input.raw.byteLength,
        isBounce: input.isBounce ?? false,
        recipients: { createMany: { data: input.recipients.map((address) => ({ address })) } },
      },
      select: { id: true, createdAt: true },
    });
    await tx.$executeRaw`SELECT pg_notify(${QUEUE_CHANNEL}, ${message.id})`;
    return message;
  });
}

/** A view on the same memory when possible: messages can be 25 MiB, no need to copy them again. */
function asArrayBufferView(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
}
