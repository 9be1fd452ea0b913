import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/platform/db";

type QueuedMessageOptions = {
  senderDomain?: string;
  nextAttemptAt?: Date;
  attempts?: number;
  lastGatewayId?: string | null;
  /** Held by a worker right now: a lease token and a lease that runs for another minute. */
  leased?: boolean;
  status?: "QUEUED" | "HELD" | "DELIVERED" | "FAILED";
};

/** A message row straight into the queue, in whatever state a test needs (no API, no worker). */
export async function insertQueuedMessage(options: QueuedMessageOptions = {}): Promise<string> {
  const senderDomain = options.senderDomain ?? "sender.example";
  const raw = Buffer.from(`From: a@${senderDomain}\r\nTo: b@example.net\r\nSubject: t\r\n\r\nhello\r\n`);
  const message = await getDb().message.create({
    data: {
      messageId: `${randomUUID()}@${senderDomain}`,
      envelopeFrom: `a@${senderDomain}`,
      senderDomain,
      raw,
      size: raw.length,
      status: options.status ?? "QUEUED",
      attempts: options.attempts ?? 0,
      nextAttemptAt: options.nextAttemptAt ?? new Date(Date.now() - 1000),
      lastGatewayId: options.lastGatewayId ?? null,
      leaseToken: options.leased ? randomUUID() : null,
      leaseUntil: options.leased ? new Date(Date.now() + 60_000) : null,
    },
    select: { id: true },
  });
  return message.id;
}
