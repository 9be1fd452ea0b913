import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { createTestGateway } from "@/test/engine/create-test-gateway";
import { describeLimitUse } from "@/lib/validation/limit-use";
import { readOverview } from "@/lib/console/overview/read-overview";
import { listGateways } from "./list-gateways";
import { waitForWindowRoom } from "@/test/clock-windows";

describe("listGateways: status and limit use (issues 14, 15)", () => {
  beforeEach(resetDatabase);

  it("shows each limit's use in the current window, the weight and the Draining status", async () => {
    const limited = await createTestGateway({ port: 2525, description: "a-limited" });
    await createTestGateway({ port: 2526, description: "b-free" });
    await getDb().gateway.update({ where: { id: limited.id }, data: { perHourLimit: 500, perDayLimit: 5000, weight: 3, draining: true } });
    await waitForWindowRoom(3_600_000, 10_000); // the rows below are this clock hour's until the test ends
    const hourStart = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    await getDb().rateWindow.createMany({
      data: [
        { subject: `gateway:${limited.id}`, windowSeconds: 3600, windowStart: hourStart, used: 412 },
        // An earlier hour's use is not this hour's.
        { subject: `gateway:${limited.id}`, windowSeconds: 3600, windowStart: new Date(hourStart.getTime() - 3_600_000), used: 77 },
      ],
    });

    const [a, b] = await listGateways();

    expect([a.status, a.weight, a.limitUse.map(describeLimitUse)]).toEqual(["DRAINING", 3, ["412 / 500 this hour", "0 / 5,000 this day"]]);
    expect([b.status, b.weight, b.limitUse]).toEqual(["ENABLED", 1, []]);

    // The overview shows the same use.
    const overview = await readOverview();
    expect(overview.gateways.map((gateway) => gateway.limits.map(describeLimitUse))).toEqual([["412 / 500 this hour", "0 / 5,000 this day"], []]);
  });
});
