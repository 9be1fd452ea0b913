import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../platform/db";
import { resetDatabase } from "../../../test/db";
import { enqueueMessage, QUEUE_CHANNEL } from "./enqueue-message";

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
  let listener: pg.Client | undefined;

  beforeEach(resetDatabase);
  afterEach(async () => {
    await listener?.end();
    listener = undefined;
  });

  it("stores the message with all recipients pending and wakes listening workers after the commit", async () => {
    listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    await listener.query(`LISTEN ${QUEUE_CHANNEL}`);
    const notified = new Promise<string>((resolve) => listener!.on("notification", (note) => resolve(note.payload ?? "")));

    const { id } = await enqueueMessage(input);
    expect(await notified).toBe(id);
    const row = await getDb().message.findUniqueOrThrow({
      where: { id },
      select: { status: true, size: true, raw: true, isBounce: true, nextAttemptAt: true, recipients: { select: { address: true, status: true }, orderBy: { id: "asc" } } },
    });
    expect(row).toMatchObject({ status: "QUEUED", size: input.raw.length, isBounce: false });
    expect(Buffer.from(row.raw).equals(input.raw)).toBe(true);
    expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(row.recipients).toEqual([
      { address: "x@dest.example", status: "PENDING" },
      { address: "y@dest.example", status: "PENDING" },
    ]);
  });

  it("stores nothing when a recipient row cannot be written", async () => {
    await expect(enqueueMessage({ ...input, recipients: ["ok@dest.example", "bad\0@dest.example"] })).rejects.toThrow();
    expect(await getDb().message.count()).toBe(0);
  });

  it("stores nothing and answers null for a sender domain that is not hosted, when asked to check", async () => {
    expect(await enqueueMessage(input, { onlyForHostedDomain: true })).toBeNull();
    expect(await getDb().message.count()).toBe(0);
    await getDb().domain.create({ data: { name: "example.com" } });
    expect(await enqueueMessage(input, { onlyForHostedDomain: true })).toMatchObject({ id: expect.any(String) });
    expect(await getDb().messageRecipient.count()).toBe(2);
  });
});
