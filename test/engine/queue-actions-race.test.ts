/**
 * Issue 14, "Done means": an action racing a worker that holds the lease never produces a double send or a lost
 * message. 1,000 messages, three drains in parallel against two real SMTP test servers (one of them deferring a
 * share of the first tries), while an admin loop holds, releases, retries, moves and deletes random batches. At the
 * servers, counted per Message-ID: every message not deleted arrives exactly once; a deleted one never arrives.
 */
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { applyQueueAction } from "@/lib/engine/queue/actions/apply-queue-action";
import { applyPendingActions } from "@/lib/engine/queue/actions/apply-pending-actions";
import type { QueueActionName } from "@/lib/validation/queue-action";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { createTestGateway, orderedId } from "./create-test-gateway";
import { setUpEngineTests } from "./engine-test-kit";

const kit = setUpEngineTests();
const ADMIN = "race@outgate.test";
const COUNT = 1_000;

/** A small deterministic random source, so a failure can be replayed. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe("queue actions racing workers", () => {
  it("never sends a message twice or loses one, and never sends a deleted one", async () => {
    const [a, b] = await Promise.all([kit.startServer(), kit.startServer()]);
    const gatewayA = await createTestGateway({ id: orderedId(1), port: a.port });
    const gatewayB = await createTestGateway({ id: orderedId(2), port: b.port });
    // Gateway A defers every third message the first time it sees it: deferred mail is what Retry brings back.
    const seen = new Set<string>();
    let tries = 0;
    a.setBehaviour({
      rejectMessage: ({ raw }) => {
        const id = /^message-id:\s*(\S+)/im.exec(raw.toString())?.[1] ?? "";
        if (seen.has(id)) return null;
        seen.add(id);
        return ++tries % 3 === 0 ? { code: 451, message: "4.3.0 try again later" } : null;
      },
    });
    const inserted = await insertTestMessages(COUNT);
    const ids = inserted.map((message) => message.id);
    const random = seeded(14);
    const pick = (size: number) => Array.from({ length: size }, () => ids[Math.floor(random() * ids.length)]);

    let draining = true;
    const drains = Array.from({ length: 3 }, async (_, worker) => {
      while (draining) await kit.drain({ batchSize: 40, maxMessages: 200, maxMs: 2_000, workerId: `w${worker}` });
    });
    const actions: QueueActionName[] = ["hold", "release", "retry", "move", "delete", "hold", "release", "retry", "move"];
    let pendingSeen = 0;
    for (let round = 0; round < 60; round++) {
      const action = actions[Math.floor(random() * actions.length)];
      // Deletes stay small, so most mail is delivered and the exactly-once count means something.
      const outcome = await applyQueueAction(pick(action === "delete" ? 3 : 25), {
        action,
        reason: "race",
        gatewayId: action === "move" ? (random() < 0.5 ? gatewayA.id : gatewayB.id) : null,
        actor: ADMIN,
      });
      pendingSeen += outcome.pending.length;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    // Let everything left go: release the held, make the deferred due, and drain until the queue is empty.
    for (let settle = 0; settle < 40; settle++) {
      await applyPendingActions();
      await applyQueueAction(ids, { action: "release", actor: ADMIN });
      await applyQueueAction(ids, { action: "retry", actor: ADMIN });
      const left = await getDb().message.count({ where: { status: { in: ["QUEUED", "HELD"] } } });
      if (left === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    draining = false;
    await Promise.all(drains);
    // The last round's Retry may have met a message mid-send and waited for its attempt (pending_action): the runner's
    // next sweep applies it — here, a Retry of a delivered message, dropped — as it would a second later in production.
    await applyPendingActions();

    const rows = await getDb().message.findMany({ select: { messageId: true, status: true, pendingAction: true, isBounce: true }, where: { isBounce: false } });
    expect(rows).toHaveLength(COUNT);
    const received = new Map<string, number>();
    for (const message of [...a.messages, ...b.messages]) received.set(message.messageId ?? "", (received.get(message.messageId ?? "") ?? 0) + 1);
    const deleted = rows.filter((row) => row.status === "DELETED");
    const delivered = rows.filter((row) => row.status === "DELIVERED");
    expect(deleted.length + delivered.length, "every message ends delivered or deleted").toBe(COUNT);
    expect(deleted.length).toBeGreaterThan(0);
    for (const row of delivered) expect(received.get(`<${row.messageId}>`), `${row.messageId} delivered once`).toBe(1);
    for (const row of deleted) expect(received.get(`<${row.messageId}>`), `${row.messageId} deleted, never sent`).toBeUndefined();
    expect(rows.filter((row) => row.pendingAction !== null)).toEqual([]);
    // The race was real: some actions met a message mid-send and waited for its attempt.
    expect(pendingSeen).toBeGreaterThan(0);
  }, 180_000);
});
