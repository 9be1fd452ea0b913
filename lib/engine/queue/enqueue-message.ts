import { getDb } from "../../platform/db";
import { enqueueMessages, type EnqueuedMessage, type EnqueueMessageInput } from "./enqueue-messages";

/**
 * One API message through the same statement, on its own, with the reason when it is not stored: null when its
 * sender domain is not hosted; a reused (apiKeyId, idempotencyKey) throws an error with Prisma's code P2002, the one
 * the idempotency check (lib/submission) and the error mapper look for. Anything the database refuses throws its
 * own error, for this message alone.
 */
export async function enqueueMessage(input: EnqueueMessageInput): Promise<EnqueuedMessage | null> {
  const [stored] = await enqueueMessages([input]);
  if (stored || !input.idempotencyKey) return stored;
  // The statement skips a taken key (ON CONFLICT DO NOTHING) as quietly as an unhosted domain: tell them apart.
  const hosted = await getDb().domain.findUnique({ where: { name: input.senderDomain }, select: { name: true } });
  if (!hosted) return null;
  throw Object.assign(new Error("This API key already used the Idempotency-Key for another message."), { code: "P2002" });
}
