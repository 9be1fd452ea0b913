import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb, getPool, runStatement } from "../../platform/db";
import { resetDatabase } from "../../../test/db";
import { enqueueMessages, enqueueStatementText, type EnqueueMessageInput } from "./enqueue-messages";
import { QUEUE_CHANNEL } from "./queue-channel";
import { runInTransaction } from "../../platform/run-in-transaction";

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

function loadMessages() {
  return getDb().message.findMany({
    select: {
      id: true,
      messageId: true,
      envelopeFrom: true,
      subject: true,
      raw: true,
      size: true,
      isBounce: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      recipients: { select: { address: true, status: true }, orderBy: { id: "asc" } },
    },
    orderBy: { messageId: "asc" },
  });
}

describe("enqueueMessages", () => {
  let listener: pg.Client | undefined;
  const notified: string[] = [];

  async function listen() {
    listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    await listener.query(`LISTEN ${QUEUE_CHANNEL}`);
    listener.on("notification", (note) => notified.push(note.payload ?? ""));
  }

  async function waitForNotifications(count: number) {
    for (let i = 0; i < 100 && notified.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  beforeEach(async () => {
    await resetDatabase();
    await getDb().domain.create({ data: { name: "example.com" } });
    notified.length = 0;
  });
  afterEach(async () => {
    await listener?.end();
    listener = undefined;
  });

  it("stores each message with its recipients pending, in order, and wakes the workers once per statement", async () => {
    await listen();
    const answers = await enqueueMessages([input(1), input(2, { isBounce: true, envelopeFrom: "" })]);
    // Time for a second notification to arrive, if the statement sent one.
    await waitForNotifications(2);

    const ids = answers.map((answer) => answer?.id);
    expect(notified).toEqual([""]);
    const rows = await loadMessages();
    expect(rows.map((row) => row.id)).toEqual(ids);
    for (const [index, row] of rows.entries()) {
      const n = index + 1;
      expect(row).toMatchObject({ messageId: `m${n}@example.com`, subject: `Hi ${n}`, size: input(n).raw.byteLength, status: "QUEUED", attempts: 0 });
      expect(Buffer.from(row.raw).equals(Buffer.from(input(n).raw))).toBe(true);
      expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
      expect(row.recipients).toEqual([
        { address: `x${n}@dest.example`, status: "PENDING" },
        { address: `y${n}@dest.example`, status: "PENDING" },
      ]);
    }
    expect(rows.map((row) => [row.envelopeFrom, row.isBounce])).toEqual([
      ["a@example.com", false],
      ["", true],
    ]);
  });

  it("stores every body byte for byte when one statement carries bodies of any size and content", async () => {
    // The bodies travel as one binary parameter and are cut apart by offset: every byte value, an empty body, a view
    // into a larger buffer (non-zero byteOffset) and a Buffer must each come back exactly.
    const everyByte = Buffer.from(Array.from({ length: 512 }, (_, n) => n % 256));
    const backing = Buffer.from("xxxxSubject: view\r\n\r\nfrom the middleyyyy");
    const bodies: Uint8Array[] = [everyByte, Buffer.alloc(0), new Uint8Array(backing.buffer, backing.byteOffset + 4, backing.length - 8), Buffer.alloc(70_000, "a")];
    const answers = await enqueueMessages(bodies.map((raw, n) => input(n + 1, { raw })));
    const rows = await getDb().message.findMany({ where: { id: { in: answers.map((answer) => answer!.id) } }, select: { id: true, raw: true, size: true } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    answers.forEach((answer, n) => {
      const row = byId.get(answer!.id)!;
      expect(Buffer.from(row.raw).equals(Buffer.from(bodies[n]))).toBe(true);
      expect(row.size).toBe(bodies[n].byteLength);
    });
    const [alone] = await enqueueMessages([input(9, { raw: everyByte })]);
    const stored = await getDb().message.findUniqueOrThrow({ where: { id: alone!.id }, select: { raw: true } });
    expect(Buffer.from(stored.raw).equals(everyByte)).toBe(true);
  });

  it("keeps one search copy (subject, envelope sender) per stored message, none for a skipped one, gone with the message", async () => {
    const texts = () => getDb().messageSearchText.findMany({ orderBy: { subject: "asc" }, select: { messageId: true, subject: true, envelopeFrom: true } });
    const answers = await enqueueMessages([input(1), input(2, { envelopeFrom: "", isBounce: true, subject: null }), input(3, { senderDomain: "unhosted.example" })]);
    expect(answers[2]).toBeNull();
    await enqueueMessages([input(4)]);
    const ids = (await loadMessages()).map((row) => row.id);
    expect(ids).toHaveLength(3);
    expect(await texts()).toEqual([
      { messageId: ids[0], subject: "Hi 1", envelopeFrom: "a@example.com" },
      { messageId: ids[2], subject: "Hi 4", envelopeFrom: "a@example.com" },
      { messageId: ids[1], subject: null, envelopeFrom: "" },
    ]);
    // A claim and an outcome rewrite the message row, never its copy; a deleted message takes its copy along.
    await getDb().message.updateMany({ data: { status: "DELIVERED", attempts: 1 } });
    await getDb().$executeRaw`DELETE FROM messages WHERE id = ${ids[0]}::uuid`;
    expect((await texts()).map((row) => row.messageId)).toEqual([ids[2], ids[1]]);
  });

  it("skips, answering null in its place, a message whose domain is not hosted or whose idempotency key is taken", async () => {
    const key = await getDb().apiKey.create({ data: { name: "k", prefix: "og_k", keyHash: "hash-k" } });
    await enqueueMessages([input(0, { apiKeyId: key.id, idempotencyKey: "same" })]);
    const answers = await enqueueMessages([
      input(1),
      input(2, { senderDomain: "elsewhere.example" }),
      input(3, { apiKeyId: key.id, idempotencyKey: "same" }),
      input(4),
    ]);
    expect(answers.map((answer) => answer !== null)).toEqual([true, false, false, true]);
    expect((await loadMessages()).map((row) => row.messageId)).toEqual(["m0@example.com", "m1@example.com", "m4@example.com"]);
    expect(await getDb().messageRecipient.count()).toBe(6);
  });

  it("stores a message of any sender domain when not asked to check (DSNs)", async () => {
    const [stored] = await enqueueMessages([input(1, { senderDomain: "gone.example" })], { onlyForHostedDomains: false });
    expect(stored).toMatchObject({ id: expect.any(String) });
    expect(await getDb().messageRecipient.count()).toBe(2);
  });

  it("answers an SMTP retry (same credential, Message-ID and octets within the window) with the earlier message, storing and announcing nothing", async () => {
    const credential = await getDb().smtpCredential.create({ data: { name: "c", username: "c", passwordHash: "x", allDomains: true } });
    const other = await getDb().smtpCredential.create({ data: { name: "d", username: "d", passwordHash: "x", allDomains: true } });
    const smtp = (n: number, extra: Partial<EnqueueMessageInput> = {}) =>
      input(n, { submittedVia: "smtp", smtpCredentialId: credential.id, requestHash: `hash-${n}`, retryWindowSeconds: 60, ...extra });
    const [first] = await enqueueMessages([smtp(1)]);
    await listen();
    // A statement that stores nothing new (a retry alone) wakes nobody.
    expect(await enqueueMessages([smtp(1)])).toEqual([{ id: first!.id, createdAt: first!.createdAt, repeated: true }]);
    await waitForNotifications(1);
    expect(notified).toEqual([]);
    const answers = await enqueueMessages([
      smtp(1), // the retry
      smtp(1, { smtpCredentialId: other.id }), // another client's message with the same id and octets
      smtp(1, { requestHash: "other octets" }), // same Message-ID, other octets: a new message
      smtp(1, { retryWindowSeconds: null }), // retries not looked for
      smtp(2),
    ]);
    expect(answers[0]).toEqual({ id: first!.id, createdAt: first!.createdAt, repeated: true });
    expect(answers.slice(1).map((answer) => answer?.repeated)).toEqual([undefined, undefined, undefined, undefined]);
    expect(new Set(answers.map((answer) => answer!.id)).size).toBe(5);
    await waitForNotifications(2);
    expect(notified).toEqual([""]);
    expect(await getDb().message.count()).toBe(5);
    expect(await getDb().messageRecipient.count()).toBe(10);
  });

  it("stores a retry again once the window is over", async () => {
    const credential = await getDb().smtpCredential.create({ data: { name: "c", username: "c", passwordHash: "x", allDomains: true } });
    const smtp = input(1, { submittedVia: "smtp", smtpCredentialId: credential.id, requestHash: "hash", retryWindowSeconds: 60 });
    const [first] = await enqueueMessages([smtp]);
    await getDb().message.update({ where: { id: first!.id }, data: { createdAt: new Date(Date.now() - 61_000) } });
    const [second] = await enqueueMessages([smtp]);
    expect(second).toMatchObject({ id: expect.not.stringMatching(first!.id) });
    expect(second?.repeated).toBeUndefined();
  });

  it("looks a retry up by its Message-ID, never by reading the messages table, whatever plan is cached", async () => {
    // The statement is prepared, so PostgreSQL soon runs a generic plan, made once. Made while the table was empty
    // (after a purge, on a new install) it joined by reading every message, and kept doing so as the table grew:
    // PostgreSQL's CPU per SMTP message rose 310 → 1,220 µs over the first 16,000 (bench/RESULTS.md run 17). Made
    // with more rows, it read every message the credential sent within the window (messages_smtp_credential_idx).
    const credential = await getDb().smtpCredential.create({ data: { name: "c", username: "c", passwordHash: "x", allDomains: true } });
    const smtp = (n: number) => input(n, { submittedVia: "smtp", smtpCredentialId: credential.id, requestHash: `hash-${n}`, retryWindowSeconds: 300 });
    const retryLookup = async () => {
      const plan = (await getPool().query<{ "QUERY PLAN": string }>(`EXPLAIN (GENERIC_PLAN, COSTS OFF) ${enqueueStatementText(true)}`)).rows
        .map((row) => row["QUERY PLAN"])
        .join("\n");
      return plan.slice(plan.indexOf("CTE retried"), plan.indexOf("CTE message"));
    };
    const plans = [await retryLookup()]; // the table empty, never analyzed
    for (let start = 0; start < 3_000; start += 500) await enqueueMessages(Array.from({ length: 500 }, (_, i) => smtp(start + i)));
    plans.push(await retryLookup());
    await runStatement("ANALYZE messages", []);
    plans.push(await retryLookup());
    for (const lookup of plans) {
      // Per input, an index scan whose only condition is the Message-ID: a row or two.
      expect(lookup).toMatch(/Nested Loop\n[\s\S]*(Index Scan using|Bitmap Index Scan on) messages_message_id_idx( on messages m)?\n\s*Index Cond: \(message_id = i(_\d+)?\.message_id\)/);
      expect(lookup).not.toMatch(/messages_smtp_credential_idx|Seq Scan|Hash/);
    }
    expect((await enqueueMessages([smtp(7)]))[0]?.repeated).toBe(true);
  }, 60_000);

  it("stores nothing of the group when one recipient row cannot be written", async () => {
    await expect(enqueueMessages([input(1), input(2, { recipients: ["ok@dest.example", "bad\0@dest.example"] })])).rejects.toThrow();
    expect(await getDb().message.count()).toBe(0);
  });

  it("inside a transaction, commits with it: nothing is seen or announced before, nothing is left after a rollback", async () => {
    await listen();
    await expect(
      runInTransaction(async (client) => {
        await enqueueMessages([input(1)], { client });
        throw new Error("the outcome record failed");
      }),
    ).rejects.toThrow("the outcome record failed");
    expect(await getDb().message.count()).toBe(0);

    const [stored] = await runInTransaction(async (client) => {
      const answers = await enqueueMessages([input(2)], { client });
      expect(await getDb().message.count()).toBe(0);
      return answers;
    });
    await waitForNotifications(2);
    expect(stored).toBeDefined();
    expect(notified).toEqual([""]);
    expect(await getDb().messageRecipient.count()).toBe(2);
  });
});
