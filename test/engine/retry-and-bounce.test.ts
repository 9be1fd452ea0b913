import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { insertTestMessage } from "@/test/queue/insert-test-message";
import { createTestGateway } from "./create-test-gateway";
import { setUpEngineTests } from "./engine-test-kit";
import { describeAttempt } from "@/app/(console)/messages/[id]/describe-attempt";

const kit = setUpEngineTests();

async function oneGateway(options: Parameters<typeof kit.startServer>[0] = {}) {
  const server = await kit.startServer(options);
  await createTestGateway({ port: server.port });
  return server;
}

const rejectUnknown = (address: string) => (address.startsWith("unknown@") ? { code: 550, message: "5.1.1 User unknown" } : null);

function loadMessage(id: string) {
  return getDb().message.findUniqueOrThrow({
    where: { id },
    include: { recipients: { orderBy: { id: "asc" } }, deliveryLog: { orderBy: { id: "asc" } } },
  });
}

function listBounces() {
  return getDb().message.findMany({ where: { isBounce: true }, include: { recipients: true } });
}

describe("retries and bounces", () => {
  it("defers a 4xx and delivers on the retry", async () => {
    const server = await oneGateway({ rejectRecipient: () => ({ code: 450, message: "4.2.1 Mailbox busy" }) });
    const { id } = await insertTestMessage();

    expect(await kit.drain()).toMatchObject({ deferred: 1 });
    const waiting = await loadMessage(id);
    expect(waiting).toMatchObject({ status: "QUEUED", lastError: expect.stringContaining("450 4.2.1 Mailbox busy") });
    expect(waiting.recipients[0]).toMatchObject({ status: "PENDING" });
    expect(waiting.deliveryLog.map((a) => [a.outcome, a.smtpCode])).toEqual([["DEFERRED", 450]]);

    server.setBehaviour({ rejectRecipient: null });
    await getDb().message.update({ where: { id }, data: { nextAttemptAt: new Date() } });
    expect(await kit.drain()).toMatchObject({ delivered: 1 });
    const done = await loadMessage(id);
    expect(done).toMatchObject({ status: "DELIVERED", attempts: 2, lastError: null });
    expect(done.recipients[0]).toMatchObject({ status: "DELIVERED", smtpCode: 250 });
    expect(server.messages).toHaveLength(1);
  });

  it("marks a partially rejected message PARTIALLY_DELIVERED with per-recipient codes, and bounces the rejected one", async () => {
    const server = await oneGateway({ rejectRecipient: rejectUnknown });
    const { id } = await insertTestMessage({ from: "alice@example.org", to: ["bob@example.net", "unknown@example.net"] });

    // One drain: the message, then the bounce it queued (due at once) in the next batch.
    expect(await kit.drain()).toMatchObject({ claimed: 2, delivered: 2, failed: 0 });
    const message = await loadMessage(id);
    expect(message.status).toBe("PARTIALLY_DELIVERED");
    expect(message.completedAt).not.toBeNull();
    expect(message.recipients.map((r) => [r.address, r.status, r.smtpCode])).toEqual([
      ["bob@example.net", "DELIVERED", 250],
      ["unknown@example.net", "FAILED", 550],
    ]);
    expect(message.recipients[1].smtpResponse).toContain("5.1.1 User unknown");
    expect(message.deliveryLog.map((a) => a.outcome)).toEqual(["PARTIAL"]);
    // The message page's cause names who got it and why the other did not, without the accepted recipient's 250.
    const cause = describeAttempt(message.deliveryLog[0]);
    expect(cause).toMatch(/^Accepted for bob@example\.net\. unknown@example\.net: The recipient's mailbox does not exist \(550 5\.1\.1\)/);
    expect(cause).not.toMatch(/\b250\b/);
    expect(server.messages[0].to).toEqual(["bob@example.net"]);

    const [bounce] = await listBounces();
    expect(bounce).toMatchObject({ envelopeFrom: "", senderDomain: "example.org", status: "DELIVERED" });
    expect(bounce.recipients.map((r) => r.address)).toEqual(["alice@example.org"]);

    const sent = server.messages[1];
    expect(sent).toMatchObject({ from: "", to: ["alice@example.org"] });
    const parsed = await simpleParser(sent.raw);
    const contentType = parsed.headers.get("content-type") as { value: string; params: Record<string, string> };
    expect(contentType.value).toBe("multipart/report");
    expect(contentType.params["report-type"]).toBe("delivery-status");
    expect(sent.raw.toString()).toMatch(/Final-Recipient: rfc822; unknown@example\.net[\s\S]*Status: 5\.1\.1/);
  });

  it("fails a message rejected at DATA with 5xx and bounces it to the sender", async () => {
    const server = await oneGateway({ rejectMessage: ({ from }) => (from ? { code: 554, message: "5.7.1 Spam" } : null) });
    const { id } = await insertTestMessage({ to: ["a@example.net", "b@example.net"] });

    expect(await kit.drain()).toMatchObject({ claimed: 2, failed: 1, delivered: 1 });
    const message = await loadMessage(id);
    expect(message.status).toBe("FAILED");
    expect(message.recipients.every((r) => r.status === "FAILED" && r.smtpCode === 554)).toBe(true);
    expect(await listBounces()).toHaveLength(1);
    expect(server.messages.map((m) => [m.from, m.to])).toEqual([["", ["sender@example.org"]]]);
  });

  it("never bounces a null-sender message, a bounce, or when bounces are off", async () => {
    await oneGateway({ rejectRecipient: rejectUnknown });
    await insertTestMessage({ from: "", senderDomain: "example.org", to: ["unknown@example.net"] });
    await insertTestMessage({ from: "x@example.org", isBounce: true, to: ["unknown@example.net"] });
    expect(await kit.drain()).toMatchObject({ claimed: 2, failed: 2 });

    await getDb().deliverySettings.update({ where: { id: 1 }, data: { bouncesEnabled: false } });
    await insertTestMessage({ to: ["unknown@example.net"] });
    expect(await kit.drain()).toMatchObject({ claimed: 1, failed: 1 });

    expect(await getDb().message.count()).toBe(3);
  });

  it("fails the pending recipients once the queue lifetime is exceeded, with a 5.4.7 DSN", async () => {
    const server = await oneGateway({
      rejectRecipient: (address) => (address === "rcpt@example.net" ? { code: 451, message: "4.3.0 Try later" } : null),
    });
    await getDb().deliverySettings.update({ where: { id: 1 }, data: { maxLifetimeSeconds: 3600 } });
    const { id } = await insertTestMessage({ createdAt: new Date(Date.now() - 2 * 3600_000) });

    expect(await kit.drain()).toMatchObject({ claimed: 2, failed: 1, delivered: 1 });
    const message = await loadMessage(id);
    expect(message.status).toBe("FAILED");
    expect(message.recipients[0]).toMatchObject({ status: "FAILED", smtpCode: 451 });
    expect(message.recipients[0].smtpResponse).toMatch(/^Delivery time expired .*451 4\.3\.0 Try later/);

    expect(server.messages.map((m) => m.to)).toEqual([["sender@example.org"]]);
    expect(server.messages[0].raw.toString()).toContain("Status: 5.4.7");
  });
});
