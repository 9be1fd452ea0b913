import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb, getPool, runStatement, runStatementWithPlannerSettings } from "@/lib/platform/db";
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
    expect(row.leaseUntil!.getTime()).toBeGreaterThan(Date.now() + 100_000);
    // The due time stays (a leased message is due); the attempt is counted by the outcome, not the claim.
    expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(row.attempts).toBe(0);
    // Leased: a second claim finds nothing until the lease runs out.
    expect((await claimMessages({ limit: 10, leaseSeconds: 120 })).messages).toHaveLength(0);
  });

  it("claims with heap-only updates: the indexes of messages are not written", async () => {
    await insertTestMessages(40);
    const client = await getPool().connect();
    // This backend's row counters for messages (they include what it has not reported yet, so read them on both sides).
    const readCounters = async () =>
      (await client.query<{ updated: number; hot: number }>(
        `SELECT n_tup_upd::int AS updated, n_tup_hot_upd::int AS hot FROM pg_stat_xact_user_tables WHERE relname = 'messages'`,
      )).rows[0];
    try {
      await client.query("BEGIN");
      const before = await readCounters();
      const claimed = await client.query(claimStatement({ limit: 40, leaseSeconds: 60, leaseToken: randomUUID() }));
      const after = await readCounters();
      await client.query("COMMIT");
      expect(claimed.rowCount).toBe(40);
      expect(after.updated - before.updated).toBe(40);
      // A new version is 24 bytes longer than the row it replaces (lease token and end set), so the last rows of a
      // nearly half-full page may not fit beside it: here 35 of 40 are heap-only. With fillfactor 75 it was 16, with
      // full pages (100) none would be.
      expect(after.hot - before.hot).toBeGreaterThanOrEqual(30);
    } finally {
      client.release();
    }
  });

  it("gives concurrent claimers disjoint batches, however they interleave", async () => {
    await insertTestMessages(200);
    // Twenty claims at once, each short enough that many overlap on the same rows.
    const claims = await Promise.all(Array.from({ length: 20 }, () => claimMessages({ limit: 15, leaseSeconds: 60 })));
    const ids = claims.flatMap((claim) => claim.messages.map((m) => m.id));
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    expect((await claimMessages({ limit: 10, leaseSeconds: 60 })).messages).toHaveLength(0);
  });

  it("takes a message back once its lease expired", async () => {
    const { id } = await insertTestMessage();
    const first = await claimMessages({ limit: 1, leaseSeconds: 0.2, leaseToken: randomUUID() });
    expect(first.messages).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await claimMessages({ limit: 1, leaseSeconds: 60 });
    // The first send left no outcome (its worker died), so this is still the first attempt on record.
    expect(second.messages.map((m) => [m.id, m.attempts])).toEqual([[id, 1]]);
    expect(second.leaseToken).not.toBe(first.leaseToken);
  });

  it("keeps a renewed lease from expiring", async () => {
    await insertTestMessage();
    const claim = await claimMessages({ limit: 1, leaseSeconds: 0.2 });
    expect(await extendLease(claim.leaseToken, 60)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await claimMessages({ limit: 1, leaseSeconds: 60 })).messages).toHaveLength(0);
  });

  it("reads the due messages once per claim, whatever join the planner would choose", async () => {
    // In a bench run the planner, with statistics from an analyze of a nearly empty table, scanned every message and
    // ran the limited, locking subquery again for each one (a nested-loop semi join): 1–2 s per claim with 20,000
    // queued, 300 msg/s (bench/RESULTS.md run 15). Joins other than nested loops switched off here stand in for those
    // statistics; the claim must still read the due messages once.
    await insertTestMessages(2_000);
    const joinsOff = { ...CLAIM_PLANNER_SETTINGS, enable_hashjoin: "off", enable_mergejoin: "off", enable_hashagg: "off", enable_material: "off" } as const;

    const text = claimStatement({ limit: 50, leaseSeconds: 60, leaseToken: randomUUID() });
    const rows = await runStatementWithPlannerSettings<{ "QUERY PLAN": string }>(joinsOff, `EXPLAIN (ANALYZE, COSTS OFF) ${text}`);
    const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
    // Every node of the due-message scan runs once: its LockRows and its index scan never loop.
    const dueScan = plan.split("\n").filter((line) => /LockRows|messages_status_next_attempt_at_idx/.test(line));
    expect(dueScan).toHaveLength(2);
    for (const line of dueScan) expect(line).toMatch(/loops=1\)/);
    expect(await getDb().message.count({ where: { leaseToken: { not: null } } })).toBe(50);
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
