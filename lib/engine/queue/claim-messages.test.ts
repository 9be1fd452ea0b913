import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb, runStatement, runStatementWithPlannerSettings } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { insertTestMessage, insertTestMessages } from "@/test/queue/insert-test-message";
import { CLAIM_PLANNER_SETTINGS, claimMessages, claimStatement } from "./claim-messages";
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

  it("plans the claim as an ordered index scan that stops at the limit, even with statistics from before a burst", async () => {
    // Statistics that say nothing is queued (the state of a quiet day), then a burst the statistics have not seen.
    await insertTestMessages(300);
    await getDb().message.updateMany({ data: { status: "DELIVERED" } });
    await runStatement("ANALYZE messages", []);
    await insertTestMessages(3_000);

    const text = claimStatement({ limit: 50, leaseSeconds: 60, leaseToken: randomUUID() });
    const plan = (await runStatementWithPlannerSettings<{ "QUERY PLAN": string }>(CLAIM_PLANNER_SETTINGS, `EXPLAIN ${text}`)).map((row) => row["QUERY PLAN"]).join("\n");
    expect(plan).toMatch(/Index Scan using messages_status_next_attempt_at_idx/);
    // A sort would mean every due message is read for each claim of 50.
    expect(plan).not.toMatch(/Sort|Bitmap/);
    // The settings were the statement's alone: the pool's connections plan as usual afterwards.
    const settings = await runStatement<{ setting: string }>("SELECT setting FROM pg_settings WHERE name = 'enable_bitmapscan'", []);
    expect(settings).toEqual([{ setting: "on" }]);
    const claim = await claimMessages({ limit: 50, leaseSeconds: 60 });
    expect(claim.messages).toHaveLength(50);
  }, 60_000);

  it("refuses values it cannot put inline safely", () => {
    const valid = { limit: 10, leaseSeconds: 60, leaseToken: randomUUID() };
    expect(() => claimStatement({ ...valid, leaseToken: "x'; DROP TABLE messages; --" })).toThrow(RangeError);
    expect(() => claimStatement({ ...valid, limit: 0 })).toThrow(RangeError);
    expect(() => claimStatement({ ...valid, limit: 1.5 })).toThrow(RangeError);
    expect(() => claimStatement({ ...valid, leaseSeconds: Number.NaN })).toThrow(RangeError);
    expect(claimStatement({ ...valid, leaseSeconds: 0.2 })).toContain("secs => 0.2::double precision");
  });
});
