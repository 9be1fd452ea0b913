/**
 * Move to gateway (issue 14, item 1), found by a new-user trial: a move pinned the message to the chosen gateway for
 * good — a moved message that then failed there never failed over, and one moved to a gateway later disabled waited
 * forever. What an admin expects (Exchange's Redirect-Message, SmarterMail's spool "Force"): the mail goes through
 * the chosen gateway now, and if that gateway cannot take it, it is not stranded. So a move is a preference: every
 * attempt tries the chosen gateway first, and its usual route is the failover — in the same attempt for a connection,
 * TLS or login failure, and entirely while the chosen gateway is disabled, draining or deleted. A 4xx answer from the
 * chosen gateway defers the mail as usual, and the retry tries that gateway first again. "Routed as usual" takes the
 * move off. A test message (Send test message) still goes through its gateway only.
 */
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { applyQueueAction } from "@/lib/engine/queue/actions/apply-queue-action";
import { enqueuePinnedMessage } from "@/lib/engine/queue/enqueue-pinned-message";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { closedPort, createTestGateway, orderedId } from "./create-test-gateway";
import { setUpEngineTests } from "./engine-test-kit";

const kit = setUpEngineTests();
const ADMIN = "ops@outgate.test";
const later = () => new Date(Date.now() + 3600_000);

const rowOf = (id: string) => getDb().message.findUniqueOrThrow({ where: { id }, select: { status: true, deliveryLog: { select: { gatewayId: true, outcome: true }, orderBy: { startedAt: "asc" } } } });
const makeDue = () => getDb().$executeRaw`UPDATE messages SET next_attempt_at = now() WHERE status = 'QUEUED'`;

describe("Move to gateway", () => {
  it("a moved message the chosen gateway cannot take fails over along its usual route in the same attempt", async () => {
    const usual = await kit.startServer();
    await createTestGateway({ id: orderedId(1), port: usual.port, description: "usual" });
    const chosen = await createTestGateway({ id: orderedId(2), port: await closedPort(), description: "chosen, stopped" });
    const messages = await insertTestMessages(3, { nextAttemptAt: later() });

    expect((await applyQueueAction(messages.map((m) => m.id), { action: "move", gatewayId: chosen.id, actor: ADMIN })).changed).toHaveLength(3);
    await kit.drain();

    expect(usual.messages).toHaveLength(3);
    for (const message of messages) {
      const row = await rowOf(message.id);
      expect(row.status).toBe("DELIVERED");
      // Tried at the chosen gateway first (connection refused: failover), then delivered through the usual route.
      expect(row.deliveryLog.map((attempt) => [attempt.gatewayId, attempt.outcome])).toEqual([
        [chosen.id, "FAILOVER"],
        [orderedId(1), "DELIVERED"],
      ]);
    }
  });

  it("a moved message goes to the chosen gateway first on every attempt, also after a 4xx there", async () => {
    const usual = await kit.startServer();
    const chosenServer = await kit.startServer({ rejectMessage: () => ({ code: 451, message: "4.3.0 try again later" }) });
    await createTestGateway({ id: orderedId(1), port: usual.port });
    const chosen = await createTestGateway({ id: orderedId(2), port: chosenServer.port });
    const [message] = await insertTestMessages(1, { nextAttemptAt: later() });
    await applyQueueAction([message.id], { action: "move", gatewayId: chosen.id, actor: ADMIN });

    await kit.drain();
    expect((await rowOf(message.id)).status).toBe("QUEUED");
    chosenServer.setBehaviour({ rejectMessage: null });
    await makeDue();
    await kit.drain();

    expect(usual.messages).toHaveLength(0);
    expect(chosenServer.messages.map((m) => m.messageId)).toEqual([`<${message.messageId}>`]);
  });

  it("mail moved to a gateway that is then disabled, or deleted, takes its usual route instead of waiting forever", async () => {
    const usual = await kit.startServer();
    const [disabledServer, deletedServer] = await Promise.all([kit.startServer(), kit.startServer()]);
    await createTestGateway({ id: orderedId(1), port: usual.port });
    const disabled = await createTestGateway({ id: orderedId(2), port: disabledServer.port });
    const deleted = await createTestGateway({ id: orderedId(3), port: deletedServer.port, description: "deleted" });
    const [first, second] = await insertTestMessages(2, { nextAttemptAt: later() });
    await applyQueueAction([first.id], { action: "move", gatewayId: disabled.id, actor: ADMIN });
    await applyQueueAction([second.id], { action: "move", gatewayId: deleted.id, actor: ADMIN });
    await getDb().gateway.update({ where: { id: disabled.id }, data: { enabled: false } });
    await getDb().gateway.delete({ where: { id: deleted.id } });

    await kit.drain();

    expect(disabledServer.messages).toHaveLength(0);
    expect(deletedServer.messages).toHaveLength(0);
    expect(usual.messages.map((m) => m.messageId).sort()).toEqual([`<${first.messageId}>`, `<${second.messageId}>`].sort());
  });

  it("'Routed as usual' takes a move off", async () => {
    const usual = await kit.startServer();
    const chosenServer = await kit.startServer();
    await createTestGateway({ id: orderedId(1), port: usual.port, type: "SPECIFIC_DOMAINS" });
    await getDb().domain.create({ data: { name: "example.org", gatewayId: orderedId(1) } });
    const chosen = await createTestGateway({ id: orderedId(2), port: chosenServer.port });
    const [message] = await insertTestMessages(1, { nextAttemptAt: later() });
    await applyQueueAction([message.id], { action: "move", gatewayId: chosen.id, actor: ADMIN });
    await applyQueueAction([message.id], { action: "move", gatewayId: null, actor: ADMIN });

    await kit.drain();

    expect(chosenServer.messages).toHaveLength(0);
    expect(usual.messages).toHaveLength(1);
  });

  it("a test message still goes through its gateway only", async () => {
    const usual = await kit.startServer();
    await createTestGateway({ id: orderedId(1), port: usual.port });
    const stopped = await createTestGateway({ id: orderedId(2), port: await closedPort() });
    const raw = Buffer.from("From: admin@example.org\r\nTo: rcpt@example.net\r\nSubject: test\r\nMessage-ID: <pinned@example.org>\r\n\r\nhi\r\n");
    const stored = await enqueuePinnedMessage(
      { apiKeyId: null, messageId: "pinned@example.org", envelopeFrom: "admin@example.org", senderDomain: "example.org", subject: "test", raw, recipients: ["rcpt@example.net"], isBounce: false },
      stopped.id,
    );

    await kit.drain();

    expect(usual.messages).toHaveLength(0);
    expect((await rowOf(stored.id)).status).toBe("QUEUED");
  });
});
