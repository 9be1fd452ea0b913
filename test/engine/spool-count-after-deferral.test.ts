import { describe, expect, it } from "vitest";
import { readGatewaySpoolCounts } from "@/lib/engine/routing/read-gateway-spool-counts";
import { getDb } from "@/lib/platform/db";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { closedPort, createTestGateway, orderedId } from "./create-test-gateway";
import { setUpEngineTests } from "./engine-test-kit";

const kit = setUpEngineTests();

async function queuedHere(): Promise<Map<string, number>> {
  const counts = await readGatewaySpoolCounts();
  return new Map(counts.map((count) => [count.gatewayId, count.source === "outgate" ? count.queued : -1]));
}

// Issue #13 item 4: the Spool Count column said "0 queued here" for both round-robin gateways while their mail waited.
describe("Spool Count of round-robin gateways after a deferral", () => {
  it("counts mail deferred by the gateway that answered for that gateway", async () => {
    const answering = await kit.startServer({ rejectRecipient: () => ({ code: 451, message: "try again later" }) });
    await createTestGateway({ id: orderedId(1), port: await closedPort() });
    await createTestGateway({ id: orderedId(2), port: answering.port });
    await insertTestMessages(3);

    expect(await kit.drain()).toMatchObject({ claimed: 3, delivered: 0, deferred: 3 });

    expect(await queuedHere()).toEqual(new Map([[orderedId(1), 0], [orderedId(2), 3]]));
  });

  it("counts mail that no gateway answered for the gateway it tried last", async () => {
    const refusing = await kit.startServer({ greeting421: true });
    await createTestGateway({ id: orderedId(1), port: await closedPort() });
    await createTestGateway({ id: orderedId(2), port: refusing.port });
    const messages = await insertTestMessages(3);

    expect(await kit.drain()).toMatchObject({ claimed: 3, delivered: 0, deferred: 3 });

    const lastTried = await getDb().deliveryAttempt.findMany({
      where: { messageId: { in: messages.map((message) => message.id) } },
      orderBy: { id: "desc" },
      distinct: ["messageId"],
      select: { gatewayId: true },
    });
    const expected = new Map([[orderedId(1), 0], [orderedId(2), 0]]);
    for (const { gatewayId } of lastTried) expected.set(gatewayId!, expected.get(gatewayId!)! + 1);
    expect([...expected.values()].reduce((a, b) => a + b)).toBe(3);
    expect(await queuedHere()).toEqual(expected);
  });
});
