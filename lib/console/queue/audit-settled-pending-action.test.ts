import { beforeEach, describe, expect, it } from "vitest";
import type { DeliveryReport } from "@/lib/engine/delivery/deliver-message";
import { applyPendingActions } from "@/lib/engine/queue/actions/apply-pending-actions";
import { claimMessages, type ClaimedMessage } from "@/lib/engine/queue/claim-messages";
import { completeMessages } from "@/lib/engine/queue/complete-messages";
import { DEFAULT_RETRY_SCHEDULE } from "@/lib/engine/queue/retry-schedule";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { takeQueueAction } from "./take-queue-action";
import { auditSettledPendingAction } from "./audit-settled-pending-action";

const ADMIN = { id: "00000000-0000-4000-8000-000000000001", email: "ops@outgate.test" };

function report(message: ClaimedMessage, status: "delivered" | "deferred"): DeliveryReport {
  const [code, response] = status === "delivered" ? [250, "250 ok"] : [451, "451 try later"];
  return {
    recipients: message.recipients.map((r) => ({ recipient: r.address, status, code, response, failover: false })),
    attempts: [{ gatewayId: null, gatewayLabel: "test", recipients: message.recipients.map((r) => r.address), outcome: status === "delivered" ? "DELIVERED" : "DEFERRED", smtpCode: code, response, startedAt: new Date(), durationMs: 1 }],
    lastError: status === "delivered" ? null : response,
    gatewayId: null,
    gatewayAddress: null,
  };
}

/** The audit of one message's queue actions, oldest first. */
async function auditOf(id: string) {
  const rows = await getDb().auditEntry.findMany({ where: { targetId: id }, orderBy: { id: "asc" }, select: { action: true, actorKind: true, actorLabel: true, detail: true } });
  return rows.map((row) => ({ ...row, result: (row.detail as { result?: string } | null)?.result }));
}

describe("auditSettledPendingAction", () => {
  beforeEach(resetDatabase);

  it.each([
    ["deferred", "applied", "HELD"],
    ["delivered", "dropped", "DELIVERED"],
  ] as const)("completes a hold that met a message mid-send: the attempt %s, the action is audited as %s", async (attempt, result, status) => {
    await getDb().admin.create({ data: { id: ADMIN.id, email: ADMIN.email, passwordHash: "x" } });
    const [message] = await insertTestMessages(1);
    const claim = await claimMessages({ limit: 1, leaseSeconds: 60 });
    expect(await takeQueueAction({ id: message.id, values: { action: "hold", reason: "check it" }, actor: ADMIN })).toMatchObject({ result: "pending" });
    await completeMessages({ leaseToken: claim.leaseToken, completions: [{ message: claim.messages[0], report: report(claim.messages[0], attempt) }], schedule: DEFAULT_RETRY_SCHEDULE });

    await applyPendingActions(auditSettledPendingAction);

    expect((await getDb().message.findUniqueOrThrow({ where: { id: message.id }, select: { status: true } })).status).toBe(status);
    const audit = await auditOf(message.id);
    expect(audit.map(({ action, actorKind, result }) => ({ action, actorKind, result }))).toEqual([
      { action: "queue.hold", actorKind: "admin", result: "pending" },
      { action: "queue.hold", actorKind: "system", result },
    ]);
    expect(audit[1].detail).toMatchObject({ requestedBy: ADMIN.email, reason: "check it" });
    // The sweep reports each action once: nothing is pending any more.
    await applyPendingActions(auditSettledPendingAction);
    expect(await auditOf(message.id)).toHaveLength(2);
  });
});
