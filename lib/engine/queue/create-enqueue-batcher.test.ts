import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../platform/db";
import { resetDatabase } from "../../../test/db";
import { createEnqueueBatcher } from "./create-enqueue-batcher";
import type { EnqueueMessageInput } from "./enqueue-messages";

function input(n: number, extra: Partial<EnqueueMessageInput> = {}): EnqueueMessageInput {
  return {
    apiKeyId: null,
    messageId: `m${n}@example.com`,
    envelopeFrom: "a@example.com",
    senderDomain: "example.com",
    subject: `Hi ${n}`,
    raw: Buffer.from(`Subject: Hi ${n}\r\n\r\nbody ${n}`),
    recipients: [`x${n}@dest.example`, `y${n}@dest.example`],
    ...extra,
  };
}

describe("createEnqueueBatcher", () => {
  beforeEach(async () => {
    await resetDatabase();
    await getDb().domain.create({ data: { name: "example.com" } });
  });

  it("commits concurrent messages in groups, each answered with its own row", async () => {
    const enqueue = createEnqueueBatcher({ maxInFlight: 1 });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, n) => enqueue(input(n))));
    const rows = await getDb().message.findMany({ select: { id: true, messageId: true, recipients: { select: { address: true }, orderBy: { id: "asc" } } } });
    expect(rows).toHaveLength(20);
    for (const [n, answer] of answers.entries()) {
      const row = rows.find((r) => r.id === answer?.id);
      expect(row?.messageId).toBe(`m${n}@example.com`);
      expect(row?.recipients.map((r) => r.address)).toEqual([`x${n}@dest.example`, `y${n}@dest.example`]);
    }
  });

  it("answers each message as it would be answered alone: unhosted → null, bad data → its own error, taken key → P2002", async () => {
    const key = await getDb().apiKey.create({ data: { name: "k", prefix: "og_k", keyHash: "hash-k" } });
    const enqueue = createEnqueueBatcher({ maxInFlight: 1 });
    const first = await enqueue(input(0, { apiKeyId: key.id, idempotencyKey: "same" }));
    const answers = await Promise.allSettled([
      enqueue(input(1)),
      enqueue(input(2, { senderDomain: "elsewhere.example" })),
      enqueue(input(3, { recipients: ["bad\0@dest.example"] })),
      enqueue(input(4, { apiKeyId: key.id, idempotencyKey: "same" })),
      enqueue(input(5)),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual(["fulfilled", "fulfilled", "rejected", "rejected", "fulfilled"]);
    expect((answers[1] as PromiseFulfilledResult<unknown>).value).toBeNull();
    expect((answers[3] as PromiseRejectedResult).reason).toMatchObject({ code: "P2002" });
    const stored = await getDb().message.findMany({ select: { id: true, messageId: true }, orderBy: { messageId: "asc" } });
    expect(stored.map((row) => row.messageId)).toEqual(["m0@example.com", "m1@example.com", "m5@example.com"]);
    expect(stored.find((row) => row.messageId === "m0@example.com")?.id).toBe(first?.id);
  });
});
