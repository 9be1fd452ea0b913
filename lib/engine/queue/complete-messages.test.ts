import { beforeEach, describe, expect, it, vi } from "vitest";
import { getDb, getPool } from "@/lib/platform/db";
import type { DeliveryReport } from "@/lib/engine/delivery/deliver-message";
import { DEFAULT_RETRY_SCHEDULE } from "./retry-schedule";
import { resetDatabase } from "@/test/db";
import { insertTestMessage, insertTestMessages } from "@/test/queue/insert-test-message";
import { claimMessages, type ClaimedMessage } from "./claim-messages";
import { completeMessages } from "./complete-messages";
import { prepareBounce } from "./prepare-bounce";
import { DSN_SUBJECT } from "./build-dsn";

// The outcome statement as completeMessages sends it (name, text, values), so a test can EXPLAIN exactly that.
const sent = vi.hoisted(() => ({ outcome: null as { text: string; values: unknown[] } | null }));
vi.mock("@/lib/platform/db", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/platform/db")>();
  return {
    ...original,
    runPreparedStatement: (name: string, text: string, values: unknown[]) => {
      if (name === "outgate_record_outcomes") sent.outcome = { text, values };
      return original.runPreparedStatement(name, text, values);
    },
  };
});

type PlanNode = { "Node Type": string; Strategy?: string; "Actual Loops": number; Plans?: PlanNode[] };

function* nodesOf(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* nodesOf(child);
}

const withBounces = {
  prepareBounce: (original: ClaimedMessage, failed: Parameters<typeof prepareBounce>[1], result: DeliveryReport) =>
    prepareBounce(original, failed, result, { bouncesEnabled: true, reportingMta: "mx.test" }),
};

function report(message: ClaimedMessage, status: "delivered" | "deferred" | "failed", code: number): DeliveryReport {
  const response = `${code} reply`;
  return {
    recipients: message.recipients.map((r) => ({ recipient: r.address, status, code, response, failover: false })),
    attempts: [
      {
        gatewayId: null,
        gatewayLabel: "test",
        recipients: message.recipients.map((r) => r.address),
        outcome: status === "delivered" ? "DELIVERED" : status === "failed" ? "FAILED" : "DEFERRED",
        smtpCode: code,
        response,
        startedAt: new Date(),
        durationMs: 1,
      },
    ],
    lastError: status === "delivered" ? null : response,
    gatewayId: null,
    gatewayAddress: null,
  };
}

describe("completeMessages", () => {
  beforeEach(resetDatabase);

  it("records recipients, the attempt and the status in one batch", async () => {
    const a = await insertTestMessage();
    const b = await insertTestMessage();
    const claim = await claimMessages({ limit: 10, leaseSeconds: 60 });
    const [first, second] = claim.messages;
    const completed = await completeMessages({
      leaseToken: claim.leaseToken,
      completions: [
        { message: first, report: report(first, "delivered", 250) },
        { message: second, report: report(second, "deferred", 451) },
      ],
      schedule: DEFAULT_RETRY_SCHEDULE,
    });
    expect(completed.map((c) => c.status)).toEqual(["DELIVERED", "QUEUED"]);
    const rows = await getDb().message.findMany({ where: { id: { in: [a.id, b.id] } }, include: { recipients: true, deliveryLog: true } });
    for (const row of rows) {
      expect(row.leaseToken).toBeNull();
      expect(row.deliveryLog).toHaveLength(1);
    }
    const deferred = rows.find((row) => row.id === second.id)!;
    expect(deferred.recipients[0].status).toBe("PENDING");
    expect(deferred.lastError).toBe("451 reply");
    // The first delay of the schedule, less a little for the time this test took.
    expect(deferred.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + DEFAULT_RETRY_SCHEDULE.delaysSeconds[0] * 1000 - 10_000);
  });

  it("changes nothing when the lease has passed to another worker", async () => {
    const { id } = await insertTestMessage();
    const stale = await claimMessages({ limit: 1, leaseSeconds: 0.2 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const current = await claimMessages({ limit: 1, leaseSeconds: 60 });
    const [message] = current.messages;
    await completeMessages({ leaseToken: current.leaseToken, completions: [{ message, report: report(message, "delivered", 250) }], schedule: DEFAULT_RETRY_SCHEDULE });

    // The stale worker finally reports a 5xx: it must not touch the new owner's result nor queue a bounce.
    const lateWithoutBounce = await completeMessages({
      leaseToken: stale.leaseToken,
      completions: [{ message: stale.messages[0], report: report(stale.messages[0], "failed", 550) }],
      schedule: DEFAULT_RETRY_SCHEDULE,
      ...withBounces,
    });
    expect(lateWithoutBounce).toEqual([{ id, status: "lost", failedRecipients: 1 }]);
    const row = await getDb().message.findUniqueOrThrow({ where: { id }, include: { recipients: true, deliveryLog: true } });
    // One attempt on record, one counted: the stale send never recorded its outcome.
    expect(row).toMatchObject({ status: "DELIVERED", attempts: 1, leaseToken: null, leaseUntil: null });
    expect(row.recipients[0]).toMatchObject({ status: "DELIVERED", smtpCode: 250 });
    expect(row.deliveryLog).toHaveLength(1);
    expect(await getDb().message.count()).toBe(1);
  });

  it("decides the status from recipients settled earlier and now, and logs each attempt with its recipients", async () => {
    const { id } = await insertTestMessage({ to: ["a@example.net", "b@example.net", "c@example.net"] });
    // An earlier attempt delivered a; this one fails b for good and defers c, then a later one delivers c.
    await getDb().messageRecipient.updateMany({ where: { messageId: id, address: "a@example.net" }, data: { status: "DELIVERED", smtpCode: 250 } });
    const firstClaim = await claimMessages({ limit: 1, leaseSeconds: 60 });
    const [first] = firstClaim.messages;
    const mixed = report(first, "deferred", 451);
    mixed.recipients = [
      { recipient: "b@example.net", status: "failed", code: 550, response: "550 no such user", failover: false },
      { recipient: "c@example.net", status: "deferred", code: 451, response: "451 later", failover: false },
    ];
    mixed.attempts[0].outcome = "PARTIAL";
    expect(await completeMessages({ leaseToken: firstClaim.leaseToken, completions: [{ message: first, report: mixed }], schedule: DEFAULT_RETRY_SCHEDULE })).toEqual([
      { id, status: "QUEUED", failedRecipients: 1 },
    ]);

    await getDb().message.update({ where: { id }, data: { nextAttemptAt: new Date() } });
    const second = await claimMessages({ limit: 1, leaseSeconds: 60 });
    expect(second.messages[0].recipients.map((r) => r.address)).toEqual(["c@example.net"]);
    const completed = await completeMessages({
      leaseToken: second.leaseToken,
      completions: [{ message: second.messages[0], report: report(second.messages[0], "delivered", 250) }],
      schedule: DEFAULT_RETRY_SCHEDULE,
    });
    expect(completed).toEqual([{ id, status: "PARTIALLY_DELIVERED", failedRecipients: 0 }]);

    const row = await getDb().message.findUniqueOrThrow({
      where: { id },
      include: { recipients: { orderBy: { id: "asc" } }, deliveryLog: { orderBy: { id: "asc" } } },
    });
    expect(row).toMatchObject({ status: "PARTIALLY_DELIVERED", leaseToken: null, lastError: null });
    expect(row.completedAt).not.toBeNull();
    expect(row.recipients.map((r) => [r.address, r.status, r.smtpCode])).toEqual([
      ["a@example.net", "DELIVERED", 250],
      ["b@example.net", "FAILED", 550],
      ["c@example.net", "DELIVERED", 250],
    ]);
    expect(row.deliveryLog.map((a) => [a.outcome, a.recipients, a.smtpCode, a.gatewayLabel])).toEqual([
      ["PARTIAL", ["b@example.net", "c@example.net"], 451, "test"],
      ["DELIVERED", ["c@example.net"], 250, "test"],
    ]);
  });

  it("queues the DSN with the outcome, once: a retried record of the same claim queues no second one", async () => {
    const { id } = await insertTestMessage({ from: "alice@sender.example", to: ["gone@example.net"] });
    const claim = await claimMessages({ limit: 1, leaseSeconds: 60 });
    const [message] = claim.messages;
    const record = () =>
      completeMessages({ leaseToken: claim.leaseToken, completions: [{ message, report: report(message, "failed", 550) }], schedule: DEFAULT_RETRY_SCHEDULE, ...withBounces });

    expect(await record()).toEqual([{ id, status: "FAILED", failedRecipients: 1 }]);
    // What retryWhileDatabaseDown does when a commit went through but its answer was lost.
    expect(await record()).toEqual([{ id, status: "lost", failedRecipients: 1 }]);

    const bounces = await getDb().message.findMany({ where: { isBounce: true }, include: { recipients: true } });
    expect(bounces).toHaveLength(1);
    // Queued like any message, though sender.example is not a hosted domain: a DSN answers mail already accepted.
    expect(bounces[0]).toMatchObject({ envelopeFrom: "", senderDomain: "sender.example", subject: DSN_SUBJECT, status: "QUEUED", apiKeyId: null });
    expect(bounces[0].size).toBe(bounces[0].raw.byteLength);
    expect(bounces[0].recipients.map((r) => [r.address, r.status])).toEqual([["alice@sender.example", "PENDING"]]);
  });

  it("records nothing when its DSN cannot be queued: the outcome and the DSN commit together or not at all", async () => {
    const { id } = await insertTestMessage({ to: ["gone@example.net"] });
    const claim = await claimMessages({ limit: 1, leaseSeconds: 60 });
    const [message] = claim.messages;
    const unstorable = async (...args: Parameters<typeof withBounces.prepareBounce>) => {
      const bounce = await withBounces.prepareBounce(...args);
      return bounce && { ...bounce, recipients: ["bad\0@example.org"] };
    };
    await expect(
      completeMessages({ leaseToken: claim.leaseToken, completions: [{ message, report: report(message, "failed", 550) }], schedule: DEFAULT_RETRY_SCHEDULE, prepareBounce: unstorable }),
    ).rejects.toThrow();

    const row = await getDb().message.findUniqueOrThrow({ where: { id }, include: { recipients: true, deliveryLog: true } });
    expect(row).toMatchObject({ status: "QUEUED", leaseToken: claim.leaseToken });
    expect(row.recipients.map((r) => r.status)).toEqual(["PENDING"]);
    expect(row.deliveryLog).toHaveLength(0);
    expect(await getDb().message.count()).toBe(1);
  });

  it("aggregates the recipient counts once per group, not once per message, on the generic plan", async () => {
    // A prepared statement soon runs on its generic plan, which expects one row from each unnest: with the counts
    // inlined it joined them by nested loop and sorted and aggregated them again for every message of the group
    // (50 × 50 rows for 50 messages; bench/RESULTS.md run 18).
    await insertTestMessages(40);
    const claim = await claimMessages({ limit: 40, leaseSeconds: 60 });
    const completions = claim.messages.map((message) => ({ message, report: report(message, "delivered", 250) }));
    await completeMessages({ leaseToken: claim.leaseToken, completions, schedule: DEFAULT_RETRY_SCHEDULE });
    const outcome = sent.outcome!;
    // The same statement again on a second claim, explained (and rolled back) on the plan a prepared statement settles on.
    await getDb().message.updateMany({ data: { status: "QUEUED", leaseToken: claim.leaseToken } });
    await getDb().messageRecipient.updateMany({ data: { status: "PENDING" } });
    const client = await getPool().connect();
    let plan: PlanNode;
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL plan_cache_mode = force_generic_plan");
      const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>({ text: `EXPLAIN (ANALYZE, FORMAT JSON) ${outcome.text}`, values: outcome.values });
      plan = rows[0]["QUERY PLAN"][0].Plan;
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
    const updated = [...nodesOf(plan)].find((node) => node["Node Type"] === "ModifyTable");
    expect(updated).toBeDefined();
    const repeated = [...nodesOf(plan)].filter((node) => (node["Node Type"] === "Sort" || node["Node Type"] === "Aggregate") && node.Strategy !== "Plain" && node["Actual Loops"] > 1);
    expect(repeated.map((node) => `${node["Node Type"]} ${node.Strategy ?? ""} ×${node["Actual Loops"]}`)).toEqual([]);
  });
});
