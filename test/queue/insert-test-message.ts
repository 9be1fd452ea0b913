import { randomUUID } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer";
import { enqueueMessages } from "@/lib/engine/queue/enqueue-messages";
import { runInTransaction } from "@/lib/platform/run-in-transaction";

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
 * Queues messages through the product's own insert (enqueueMessages, as API messages and DSNs are queued), without
 * the submission API: real MIME built by nodemailer's MailComposer, each with its own Message-ID so a sink can count
 * deliveries. The sender domain need not be hosted. `createdAt` / `nextAttemptAt` are set in the same transaction,
 * so no worker ever sees the message without them.
 */
export async function insertTestMessages(count: number, input: TestMessageInput = {}): Promise<InsertedTestMessage[]> {
  const from = input.from ?? "sender@example.org";
  const to = input.to ?? ["rcpt@example.net"];
  const senderDomain = input.senderDomain ?? (from.split("@")[1] || "example.org");
  const messages = await Promise.all(
    Array.from({ length: count }, async () => {
      const tag = randomUUID();
      const messageId = `${tag}@${senderDomain}`;
      const subject = input.subject ?? `Test ${tag}`;
      const raw = await new MailComposer({ from: from || `mailer-daemon@${senderDomain}`, to, subject, text: `Body of ${tag}`, messageId: `<${messageId}>` })
        .compile()
        .build();
      return { apiKeyId: null, messageId, envelopeFrom: from, senderDomain, subject, raw, recipients: to, isBounce: input.isBounce ?? false };
    }),
  );
  const stored = await runInTransaction(async (client) => {
    const rows = await enqueueMessages(messages, { onlyForHostedDomains: false, client });
    const ids = rows.map((row) => row?.id);
    if (input.createdAt || input.nextAttemptAt) {
      await client.query(
        `UPDATE messages SET created_at = coalesce($2, created_at), next_attempt_at = coalesce($3, next_attempt_at) WHERE id = ANY($1::uuid[])`,
        [ids, input.createdAt ?? null, input.nextAttemptAt ?? null],
      );
    }
    return ids;
  });
  return messages.map(({ messageId }, index) => {
    const id = stored[index];
    if (!id) throw new Error(`Test message ${messageId} was not stored.`);
    return { id, messageId };
  });
}

export async function insertTestMessage(input: TestMessageInput = {}): Promise<InsertedTestMessage> {
  const [message] = await insertTestMessages(1, input);
  return message;
}
