import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { insertTestMessage, insertTestMessages } from "@/test/queue/insert-test-message";
import { claimMessages } from "./claim-messages";
import { extendLease } from "./extend-lease";

describe("claimMessages", () => {
  beforeEach(resetDatabase);

  it("claims due messages with their pending recipients, leases them and counts the attempt", async () => {
    const due = await insertTestMessage({ to: ["a@example.net", "b@example.net"] });
    await insertTestMessage({ nextAttemptAt: new Date(Date.now() + 60_000) });
    await getDb().messageRecipient.updateMany({ where: { messageId: due.id, address: "a@example.net" }, data: { status: "DELIVERED" } });

    const claim = await claimMessages({ limit: 10, leaseSeconds: 120 });
    expect(claim.messages).toHaveLength(1);
    const [message] = claim.messages;
    expect(message).toMatchObject({ id: due.id, messageId: due.messageId, envelopeFrom: "sender@example.org", attempts: 1, isBounce: false });
    expect(message.raw.toString()).toContain(`Message-ID: <${due.messageId}>`);
    expect(message.recipients.map((r) => r.address)).toEqual(["b@example.net"]);

    const row = await getDb().message.findUniqueOrThrow({ where: { id: due.id } });
    expect(row.leaseToken).toBe(claim.leaseToken);
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 100_000);
    // Leased: a second claim finds nothing until the lease runs out.
    expect((await claimMessages({ limit: 10, leaseSeconds: 120 })).messages).toHaveLength(0);
  });

  it("gives concurrent claimers disjoint batches", async () => {
    await insertTestMessages(60);
    const claims = await Promise.all([1, 2, 3].map(() => claimMessages({ limit: 25, leaseSeconds: 60 })));
    const ids = claims.flatMap((claim) => claim.messages.map((m) => m.id));
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
  });

  it("takes a message back once its lease expired", async () => {
    const { id } = await insertTestMessage();
    const first = await claimMessages({ limit: 1, leaseSeconds: 0.2, leaseToken: randomUUID() });
    expect(first.messages).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await claimMessages({ limit: 1, leaseSeconds: 60 });
    expect(second.messages.map((m) => [m.id, m.attempts])).toEqual([[id, 2]]);
  });

  it("keeps a renewed lease from expiring", async () => {
    await insertTestMessage();
    const claim = await claimMessages({ limit: 1, leaseSeconds: 0.2 });
    expect(await extendLease(claim.leaseToken, 60)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await claimMessages({ limit: 1, leaseSeconds: 60 })).messages).toHaveLength(0);
  });
});
