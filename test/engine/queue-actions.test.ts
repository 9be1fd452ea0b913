/**
 * Issue 14, items 1 and 2: each queue action against real SMTP test servers and a real PostgreSQL — Retry now,
 * Hold / Release (HELD is never claimed), Delete (never delivered, no DSN), Bounce now (a DSN to the sender), Move
 * to gateway (the next attempt goes there) — and an action on a message a worker holds the lease of, which waits
 * for that attempt to end instead of taking the message from it.
 */
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import type { DeliveryReport } from "@/lib/engine/delivery/deliver-message";
import { applyPendingActions } from "@/lib/engine/queue/actions/apply-pending-actions";
import { applyQueueAction } from "@/lib/engine/queue/actions/apply-queue-action";
import { createQueueActionJob } from "@/lib/engine/queue/actions/create-queue-action-job";
import { readQueueActionJob } from "@/lib/engine/queue/actions/read-queue-action-job";
import { runQueueActionJob } from "@/lib/engine/queue/actions/run-queue-action-job";
import { claimMessages, type ClaimedMessage } from "@/lib/engine/queue/claim-messages";
import { completeMessages } from "@/lib/engine/queue/complete-messages";
import { DEFAULT_RETRY_SCHEDULE } from "@/lib/engine/queue/retry-schedule";
import { readMetricsSnapshot } from "@/lib/console/metrics/read-metrics-snapshot";
import { readOverview } from "@/lib/console/overview/read-overview";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { createTestGateway } from "./create-test-gateway";
import { setUpEngineTests } from "./engine-test-kit";

const kit = setUpEngineTests();
const ADMIN = "ops@outgate.test";
const later = () => new Date(Date.now() + 3600_000);

const statusOf = async (id: string) => (await getDb().message.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;

function deferred(message: ClaimedMessage): DeliveryReport {
  return {
    recipients: message.recipients.map((r) => ({ recipient: r.address, status: "deferred", code: 451, response: "451 try later", failover: false })),
    attempts: [{ gatewayId: null, gatewayLabel: "test", recipients: message.recipients.map((r) => r.address), outcome: "DEFERRED", smtpCode: 451, response: "451 try later", startedAt: new Date(), durationMs: 1 }],
    lastError: "451 try later",
    gatewayId: null,
    gatewayAddress: null,
  };
}

describe("queue actions", () => {
  it("Hold keeps a message from every drain, with its reason; Release sends it", async () => {
    const server = await kit.startServer();
    await createTestGateway({ port: server.port });
    const [held, other] = await insertTestMessages(2);
    expect(await applyQueueAction([held.id], { action: "hold", reason: "suspicious content", actor: ADMIN })).toEqual({ changed: [held.id], pending: [], skipped: [] });
    await kit.drain();
    expect(server.messages.map((m) => m.messageId)).toEqual([`<${other.messageId}>`]);
    expect(await getDb().message.findUniqueOrThrow({ where: { id: held.id }, select: { status: true, holdReason: true, heldBy: true } })).toEqual({ status: "HELD", holdReason: "suspicious content", heldBy: ADMIN });
    // Retry does not undo a hold (QUEUED only); Release does.
    expect((await applyQueueAction([held.id], { action: "retry", actor: ADMIN })).skipped).toEqual([held.id]);
    expect((await applyQueueAction([held.id], { action: "release", actor: ADMIN })).changed).toEqual([held.id]);
    await kit.drain();
    expect(server.messages.map((m) => m.messageId).sort()).toEqual([`<${held.messageId}>`, `<${other.messageId}>`].sort());
    expect(await getDb().message.findUniqueOrThrow({ where: { id: held.id }, select: { status: true, holdReason: true } })).toEqual({ status: "DELIVERED", holdReason: null });
  });

  it("held mail shows in the overview and the metrics, and not as waiting or deferred", async () => {
    const messages = await insertTestMessages(3);
    await applyQueueAction(messages.slice(0, 2).map((m) => m.id), { action: "hold", actor: ADMIN });
    const overview = await readOverview();
    expect(overview.held).toBe(2);
    expect(overview.queue.waiting + overview.queue.deferred).toBe(1);
    expect((await readMetricsSnapshot()).held).toBe(2);
  });

  it("a bulk job by filter walks every matching message in batches, and not mail that arrived after it started", async () => {
    const targets = await insertTestMessages(2_500, { from: "x@a.example", nextAttemptAt: new Date(Date.now() + 3600_000) });
    await insertTestMessages(300, { from: "x@b.example", nextAttemptAt: new Date(Date.now() + 3600_000) });
    const job = await createQueueActionJob({ action: "hold", reason: "bulk", actor: ADMIN }, { filter: { senderDomain: "a.example" } });
    expect(job.total).toBe(2_500);
    const late = await insertTestMessages(5, { from: "x@a.example", createdAt: new Date(Date.now() + 60_000) });
    const batches: number[] = [];
    await runQueueActionJob({ id: job.id, onBatch: (done) => batches.push(done) });
    expect(await readQueueActionJob(job.id)).toMatchObject({ status: "finished", total: 2_500, done: 2_500, changed: 2_500 });
    expect(batches.length).toBeGreaterThan(2);
    expect(await getDb().message.count({ where: { status: "HELD" } })).toBe(2_500);
    expect(await getDb().message.count({ where: { status: "HELD", id: { in: [...targets, ...late].map((m) => m.id) } } })).toBe(2_500);
  }, 60_000);

  it("Retry now makes a deferred message due at once", async () => {
    const server = await kit.startServer();
    await createTestGateway({ port: server.port });
    const [message] = await insertTestMessages(1, { nextAttemptAt: later() });
    await kit.drain();
    expect(server.messages).toHaveLength(0);
    expect((await applyQueueAction([message.id], { action: "retry", actor: ADMIN })).changed).toEqual([message.id]);
    await kit.drain();
    expect(server.messages).toHaveLength(1);
    expect(await statusOf(message.id)).toBe("DELIVERED");
  });

  it("Delete records the message as DELETED by the admin, never delivers it and sends no DSN", async () => {
    const server = await kit.startServer();
    await createTestGateway({ port: server.port });
    const [message] = await insertTestMessages(1, { to: ["a@dest.example", "b@dest.example"] });
    expect((await applyQueueAction([message.id], { action: "delete", actor: ADMIN })).changed).toEqual([message.id]);
    await kit.drain();
    expect(server.messages).toHaveLength(0);
    const row = await getDb().message.findUniqueOrThrow({ where: { id: message.id }, select: { status: true, completedAt: true, recipients: { select: { status: true, smtpResponse: true } } } });
    expect(row.status).toBe("DELETED");
    expect(row.completedAt).not.toBeNull();
    expect(row.recipients).toEqual([
      { status: "FAILED", smtpResponse: `Deleted by ${ADMIN}; not delivered` },
      { status: "FAILED", smtpResponse: `Deleted by ${ADMIN}; not delivered` },
    ]);
    expect(await getDb().message.count()).toBe(1);
    // Nothing to do twice: a deleted message is past every action.
    expect((await applyQueueAction([message.id], { action: "release", actor: ADMIN })).skipped).toEqual([message.id]);
  });

  it("Bounce now fails the pending recipients and sends the sender one DSN", async () => {
    const server = await kit.startServer();
    await createTestGateway({ port: server.port });
    const [message] = await insertTestMessages(1, { from: "author@example.org", to: ["x@dest.example"], nextAttemptAt: later() });
    expect((await applyQueueAction([message.id], { action: "bounce", actor: ADMIN })).changed).toEqual([message.id]);
    expect(await statusOf(message.id)).toBe("FAILED");
    await kit.drain();
    expect(server.messages).toHaveLength(1);
    expect(server.messages[0].to).toEqual(["author@example.org"]);
    expect(server.messages[0].raw.toString()).toMatch(/x@dest\.example/);
    // The sender learns what happened, not which admin did it (new-user trial); the console keeps who.
    expect(server.messages[0].raw.toString()).toMatch(/Returned to the sender by the postmaster of \S+ before delivery/);
    expect(server.messages[0].raw.toString()).not.toContain(ADMIN);
    expect(server.messages[0].raw.toString()).toMatch(/^Status: 5\.0\.0/m);
    expect((await getDb().messageRecipient.findFirstOrThrow({ where: { messageId: message.id } })).smtpResponse).toBe(`Returned to the sender by ${ADMIN} before delivery`);
  });

  it("Move to gateway sends the next attempt through the chosen gateway", async () => {
    const [a, b] = await Promise.all([kit.startServer(), kit.startServer()]);
    await createTestGateway({ port: a.port, id: "00000000-0000-4000-8000-00000000000a" });
    const gatewayB = await createTestGateway({ port: b.port, id: "00000000-0000-4000-8000-00000000000b" });
    const messages = await insertTestMessages(4, { nextAttemptAt: later() });
    const outcome = await applyQueueAction(messages.map((m) => m.id), { action: "move", gatewayId: gatewayB.id, actor: ADMIN });
    expect(outcome.changed.sort()).toEqual(messages.map((m) => m.id).sort());
    await kit.drain();
    expect(a.messages).toHaveLength(0);
    expect(b.messages).toHaveLength(4);
  });

  it("an action on a message a worker is sending waits for that attempt, which then cannot re-queue it", async () => {
    const [message] = await insertTestMessages(1);
    const claim = await claimMessages({ limit: 10, leaseSeconds: 60 });
    expect(claim.messages.map((m) => m.id)).toEqual([message.id]);
    // Mid-send: the hold is recorded, the message is left to its worker.
    expect(await applyQueueAction([message.id], { action: "hold", reason: "wait", actor: ADMIN })).toEqual({ changed: [], pending: [message.id], skipped: [] });
    expect(await statusOf(message.id)).toBe("QUEUED");
    // The worker's result is recorded as usual (its lease is intact); due again at once, it is still not claimed…
    const completed = await completeMessages({ leaseToken: claim.leaseToken, completions: [{ message: claim.messages[0], report: deferred(claim.messages[0]) }], schedule: DEFAULT_RETRY_SCHEDULE });
    expect(completed[0].status).toBe("QUEUED");
    await getDb().$executeRaw`UPDATE messages SET next_attempt_at = now() WHERE id = ${message.id}::uuid`;
    expect((await claimMessages({ limit: 10, leaseSeconds: 60 })).messages).toEqual([]);
    // …until the runner's sweep applies the hold: not re-queued, not sent again.
    expect(await applyPendingActions()).toBe(1);
    const row = await getDb().message.findUniqueOrThrow({ where: { id: message.id }, select: { status: true, pendingAction: true, holdReason: true, deliveryLog: { select: { outcome: true } } } });
    expect(row).toEqual({ status: "HELD", pendingAction: null, holdReason: "wait", deliveryLog: [{ outcome: "DEFERRED" }] });
  });

  it("a delete waiting for a lease is never claimed by another worker meanwhile, and dropped if the send delivered", async () => {
    const [message] = await insertTestMessages(1);
    const first = await claimMessages({ limit: 10, leaseSeconds: 60 });
    expect((await applyQueueAction([message.id], { action: "delete", actor: ADMIN })).pending).toEqual([message.id]);
    // Even with its lease run out, a message with a pending action is not claimed before the action is applied.
    await getDb().$executeRaw`UPDATE messages SET lease_until = now() - interval '1 second' WHERE id = ${message.id}::uuid`;
    expect((await claimMessages({ limit: 10, leaseSeconds: 60 })).messages).toEqual([]);
    const claimed = first.messages[0];
    const delivered: DeliveryReport = { ...deferred(claimed), recipients: claimed.recipients.map((r) => ({ recipient: r.address, status: "delivered", code: 250, response: "250 ok", failover: false })), lastError: null };
    // The worker's lease ran out but nobody took the message: its result still counts (the mail went out).
    await completeMessages({ leaseToken: first.leaseToken, completions: [{ message: claimed, report: delivered }], schedule: DEFAULT_RETRY_SCHEDULE });
    expect(await applyPendingActions()).toBe(0);
    expect(await getDb().message.findUniqueOrThrow({ where: { id: message.id }, select: { status: true, pendingAction: true } })).toEqual({ status: "DELIVERED", pendingAction: null });
  });
});
