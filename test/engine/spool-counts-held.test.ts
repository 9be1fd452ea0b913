import { beforeEach, describe, expect, it } from "vitest";
import { countOutgateSpool } from "@/lib/console/messages/count-outgate-spool";
import { readOverview } from "@/lib/console/overview/read-overview";
import { readGatewaySpoolCounts } from "@/lib/engine/routing/read-gateway-spool-counts";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { createSpoolTestGateway } from "@/test/smartermail/create-smartermail-gateway";
import { insertQueuedMessage } from "@/test/smartermail/insert-queued-message";

const MINUTE = 60_000;

/**
 * Issue 13 item 4, found again by a new-user trial (issue 14): Spool Count counts every message waiting for a
 * gateway. Held mail waits too — an admin holding 2 messages for a gateway must see them there — so the grid, the
 * overview and the SmarterMail-compatible spool counts all include HELD, each saying how many of them are held.
 */
describe("spool counts include held mail", () => {
  beforeEach(() => resetDatabase());

  it("the grid, the overview and the sysadmin spool counts agree, held included", async () => {
    const roundRobin = await createSpoolTestGateway({ description: "rr" });
    const specific = await createSpoolTestGateway({ description: "specific", type: "SPECIFIC_DOMAINS" });
    await getDb().domain.create({ data: { name: "assigned.example", gatewayId: specific } });
    const future = new Date(Date.now() + 10 * MINUTE);

    await insertQueuedMessage({ lastGatewayId: roundRobin, attempts: 1, nextAttemptAt: future }); // deferred at rr
    await insertQueuedMessage({ lastGatewayId: roundRobin, attempts: 1, status: "HELD" }); // tried at rr, then held
    await insertQueuedMessage({ lastGatewayId: roundRobin, attempts: 2, status: "HELD" });
    await insertQueuedMessage({ senderDomain: "assigned.example", status: "HELD" }); // never tried, held: its domain's gateway
    await insertQueuedMessage({ senderDomain: "assigned.example" }); // due now at specific
    await insertQueuedMessage({ status: "DELIVERED", lastGatewayId: roundRobin });

    const grid = new Map((await readGatewaySpoolCounts()).map((count) => [count.gatewayId, count]));
    expect(grid.get(roundRobin)).toMatchObject({ source: "outgate", queued: 3, held: 2 });
    expect(grid.get(specific)).toMatchObject({ source: "outgate", queued: 2, held: 1 });

    const overview = await readOverview();
    expect(overview.held).toBe(3);
    const rr = overview.gateways.find((gateway) => gateway.gatewayId === roundRobin)!;
    expect(rr.queue).toMatchObject({ waiting: 0, deferred: 1, held: 2 });
    for (const gateway of overview.gateways) {
      const cell = grid.get(gateway.gatewayId);
      expect(cell?.source === "outgate" && cell.queued).toBe(gateway.queue.waiting + gateway.queue.deferred + gateway.queue.held);
    }

    // SmarterMail's terms: held mail is not due now, so it is "waiting" (to be delivered later), never dropped.
    const spool = await countOutgateSpool();
    expect(spool).toEqual({ default: 1, waiting: 4 });
    expect(spool.default + spool.waiting).toBe(overview.queue.waiting + overview.queue.deferred + overview.held);
  });
});
