import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../platform/db";
import { resetDatabase } from "../../../test/db";
import { enqueueMessage } from "./enqueue-message";

const input = {
  apiKeyId: null,
  messageId: "m1@example.com",
  envelopeFrom: "a@example.com",
  senderDomain: "example.com",
  subject: "Hi",
  raw: Buffer.from("Subject: Hi\r\n\r\nbody"),
  recipients: ["x@dest.example", "y@dest.example"],
};

describe("enqueueMessage", () => {
  beforeEach(resetDatabase);

  it("answers null for a sender domain that is not hosted, and stores the message once it is", async () => {
    expect(await enqueueMessage(input)).toBeNull();
    expect(await getDb().message.count()).toBe(0);
    await getDb().domain.create({ data: { name: "example.com" } });
    expect(await enqueueMessage(input)).toMatchObject({ id: expect.any(String) });
    expect(await getDb().messageRecipient.count()).toBe(2);
  });

  it("throws P2002 for a taken idempotency key, but null when the domain is not hosted either", async () => {
    await getDb().domain.create({ data: { name: "example.com" } });
    const key = await getDb().apiKey.create({ data: { name: "k", prefix: "og_k", keyHash: "hash-k" } });
    const keyed = { ...input, apiKeyId: key.id, idempotencyKey: "same" };
    expect(await enqueueMessage(keyed)).toMatchObject({ id: expect.any(String) });
    await expect(enqueueMessage(keyed)).rejects.toMatchObject({ code: "P2002" });
    expect(await enqueueMessage({ ...keyed, senderDomain: "elsewhere.example" })).toBeNull();
    expect(await getDb().message.count()).toBe(1);
  });

  it("throws the database's error, and stores nothing, when a recipient row cannot be written", async () => {
    await getDb().domain.create({ data: { name: "example.com" } });
    await expect(enqueueMessage({ ...input, recipients: ["ok@dest.example", "bad\0@dest.example"] })).rejects.toThrow();
    expect(await getDb().message.count()).toBe(0);
  });
});
