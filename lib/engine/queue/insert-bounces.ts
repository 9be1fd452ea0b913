import type { Prisma } from "../../generated/prisma/client";
import type { OutgoingMessage } from "../delivery/types";
import { QUEUE_CHANNEL } from "./enqueue-message";

/** A DSN ready to be queued: it routes like the original (same sender domain) and goes out with MAIL FROM:<>. */
export type PreparedBounce = { dsn: OutgoingMessage; senderDomain: string; messageId: string };

/**
 * Queues DSNs as ordinary messages with is_bounce and the null sender, inside the caller's transaction. A bounce
 * never gets a bounce of its own (the engine checks is_bounce and the null sender), so no loop can start.
 */
export async function insertBounces(tx: Prisma.TransactionClient, bounces: PreparedBounce[]): Promise<void> {
  if (bounces.length === 0) return;
  for (const bounce of bounces) {
    await tx.message.create({
      data: {
        messageId: bounce.messageId,
        envelopeFrom: "",
        senderDomain: bounce.senderDomain,
        subject: "Undelivered Mail Returned to Sender",
        raw: new Uint8Array(bounce.dsn.raw),
        size: bounce.dsn.raw.length,
        isBounce: true,
        recipients: { create: bounce.dsn.envelope.to.map((address) => ({ address })) },
      },
      select: { id: true },
    });
  }
  // Delivered on commit: sleeping workers pick the bounces up at once.
  await tx.$executeRaw`SELECT pg_notify(${QUEUE_CHANNEL}, '')`;
}
