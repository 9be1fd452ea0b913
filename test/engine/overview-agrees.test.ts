import { describe, expect, it } from "vitest";
import { countOutgateSpool } from "@/lib/console/messages/count-outgate-spool";
import { readOverview } from "@/lib/console/overview/read-overview";
import { readOutcomeTotals } from "@/lib/console/overview/read-outcome-series";
import { readGatewaySpoolCounts } from "@/lib/engine/routing/read-gateway-spool-counts";
import { getDb } from "@/lib/platform/db";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { closedPort, createTestGateway, orderedId } from "./create-test-gateway";
import { setUpEngineTests } from "./engine-test-kit";

const kit = setUpEngineTests();

describe("overview", () => {
  it("agrees with the grid's Spool Count, the sysadmin spool counts and the delivery log", async () => {
    const good = await kit.startServer({ rejectRecipient: (address) => (address.startsWith("later") ? { code: 451, message: "later" } : null) });
    await createTestGateway({ id: orderedId(1), port: await closedPort(), description: "stopped" });
    await createTestGateway({ id: orderedId(2), port: good.port, description: "up" });
    await insertTestMessages(4);
    await insertTestMessages(3, { to: ["later@example.net"] });
    await kit.drain();
    await insertTestMessages(2); // queued, not tried yet: waiting, no gateway chosen

    const overview = await readOverview();

    // 3 deferred by "up", 2 waiting for their first try; 4 delivered.
    expect(overview.queue).toMatchObject({ waiting: 2, deferred: 3 });
    expect(overview.queue.oldestQueuedAt).not.toBeNull();
    const spool = await countOutgateSpool();
    expect({ waiting: overview.queue.waiting, deferred: overview.queue.deferred }).toEqual({ waiting: spool.default, deferred: spool.waiting });
    const grid = new Map((await readGatewaySpoolCounts()).map((count) => [count.gatewayId, count.source === "outgate" ? count.queued : NaN]));
    for (const gateway of overview.gateways) expect(gateway.queue.waiting + gateway.queue.deferred).toBe(grid.get(gateway.gatewayId));
    const up = overview.gateways.find((gateway) => gateway.description === "up")!;
    expect(up.queue).toMatchObject({ waiting: 0, deferred: 3 });
    expect(up.lastHour).toEqual({ delivered: 4, deferred: 3, failed: 0 });

    const logged = await getDb().deliveryAttempt.count();
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const { overall } = overview.perMinute;
    expect(sum(overall.delivered) + sum(overall.deferred) + sum(overall.failed)).toBe(logged);
    expect(overview.lastHour.delivered + overview.lastHour.deferred + overview.lastHour.failed).toBe(logged);
    expect(overview.lastDay).toEqual(overview.lastHour);
    expect(sum(overview.perHour.byGateway[orderedId(2)].delivered)).toBe(4);
    expect(overall.at).toHaveLength(60);
    expect(overview.perHour.overall.at).toHaveLength(168);
    expect(Date.parse(overall.at[59])).toBeLessThanOrEqual(Date.now());
  });

  it("counts a window from whole hours and the minutes before the first of them", async () => {
    const gateway = orderedId(7);
    const at = (iso: string) => new Date(`2026-01-01T${iso}:00Z`);
    const minutes: [string, number][] = [["11:29", 1], ["11:30", 10], ["11:59", 100], ["12:10", 1000]];
    for (const [minute, attempts] of minutes) {
      await getDb().deliveryOutcomePerMinute.create({ data: { minute: at(minute), gatewayId: gateway, outcome: "DELIVERED", attempts, durationMsSum: 0 } });
    }
    await getDb().deliveryOutcomePerHour.createMany({
      data: [
        { hour: at("11:00"), gatewayId: gateway, outcome: "DELIVERED", attempts: 111, durationMsSum: 0 },
        { hour: at("12:00"), gatewayId: gateway, outcome: "DELIVERED", attempts: 1000, durationMsSum: 0 },
      ],
    });

    const { byGateway } = await readOutcomeTotals(at("11:30"));

    expect(byGateway.get(gateway)).toEqual({ delivered: 1110, deferred: 0, failed: 0 });
  });
});
