import { randomUUID } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer";
import { getDb } from "@/lib/platform/db";

export type TestMessageInput = {
  /** Envelope sender; "" is the null sender. Default "sender@example.org". */
  from?: string;
  to?: string[];
  /** Defaults to the domain of `from` (or "example.org" for the null sender). */
  senderDomain?: string;
  subject?: string;
  isBounce?: boolean;
  createdAt?: Date;
  nextAttemptAt?: Date;
};

export type InsertedTestMessage = { id: string; messageId: string };

/**
 * Queues messages the way the submission API does (Message + PENDING recipients), without depending on it:
 * real MIME built by nodemailer's MailComposer, each with its own Message-ID so a sink can count deliveries.
 */
export async function insertTestMessages(count: number, input: TestMessageInput = {}): Promise<InsertedTestMessage[]> {
  const from = input.from ?? "sender@example.org";
  const to = input.to ?? ["rcpt@example.net"];
  const senderDomain = input.senderDomain ?? (from.split("@")[1] || "example.org");
  const rows = await Promise.all(
    Array.from({ length: count }, async () => {
      const id = randomUUID();
      const messageId = `${id}@${senderDomain}`;
      const raw = await new MailComposer({
        from: from || `mailer-daemon@${senderDomain}`,
        to,
        subject: input.subject ?? `Test ${id}`,
        text: `Body of ${id}`,
        messageId: `<${messageId}>`,
      })
        .compile()
        .build();
      return { id, messageId, raw };
    }),
  );
  const db = getDb();
  // One transaction, like the real enqueue: a worker must never see a message without its recipients.
  await db.$transaction([
    db.message.createMany({
    data: rows.map(({ id, messageId, raw }) => ({
      id,
      messageId,
      envelopeFrom: from,
      senderDomain,
      subject: input.subject ?? `Test ${id}`,
      raw: new Uint8Array(raw),
      size: raw.length,
      isBounce: input.isBounce ?? false,
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
      ...(input.nextAttemptAt ? { nextAttemptAt: input.nextAttemptAt } : {}),
    })),
    }),
    db.messageRecipient.createMany({ data: rows.flatMap(({ id }) => to.map((address) => ({ messageId: id, address }))) }),
  ]);
  return rows.map(({ id, messageId }) => ({ id, messageId }));
}

export async function insertTestMessage(input: TestMessageInput = {}): Promise<InsertedTestMessage> {
  const [message] = await insertTestMessages(1, input);
  return message;
}
