import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it } from "vitest";
import { readOverview } from "@/lib/console/overview/read-overview";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { createSpoolTestGateway } from "@/test/smartermail/create-smartermail-gateway";
import { insertQueuedMessage } from "@/test/smartermail/insert-queued-message";
import { OverviewDashboard } from "./overview-dashboard";

/** The overview's per-gateway row of `gatewayId`, as server-rendered HTML. */
function rowOf(html: string, gatewayId: string): string {
  return new RegExp(`<tr data-gateway-id="${gatewayId}">(.*?)</tr>`).exec(html)?.[1] ?? "";
}

// A new-user trial: a gateway in drain mode looked like any other on the overview, and held mail was not counted
// for its gateway.
describe("OverviewDashboard", () => {
  beforeEach(() => resetDatabase());

  it("shows Draining beside the health of a gateway in drain mode, and each gateway's held mail", async () => {
    const draining = await createSpoolTestGateway({ description: "in maintenance" });
    const normal = await createSpoolTestGateway({ description: "normal" });
    await getDb().gateway.update({ where: { id: draining }, data: { draining: true } });
    await insertQueuedMessage({ lastGatewayId: draining, attempts: 1, status: "HELD" });

    const html = renderToStaticMarkup(createElement(OverviewDashboard, { initial: await readOverview() }));

    expect(rowOf(html, draining)).toMatch(/data-health-state="[A-Z_]+">[^<]+<\/span> <span[^>]*data-testid="overview-gateway-draining"[^>]*>Draining<\/span>/);
    expect(rowOf(html, normal)).not.toContain("Draining");
    expect(rowOf(html, draining)).toContain('<td data-col="held">1</td>');
    expect(rowOf(html, normal)).toContain('<td data-col="held">0</td>');
  });

  it("says on every number whether it counts messages in the queue now or delivery attempts over a period", async () => {
    const gateway = await createSpoolTestGateway({ description: "labelled" });
    await insertQueuedMessage({ lastGatewayId: gateway, attempts: 3, nextAttemptAt: new Date(Date.now() + 60_000) });

    const html = renderToStaticMarkup(createElement(OverviewDashboard, { initial: await readOverview() }));
    const labels = [...html.matchAll(/<div class="stat-label">([^<]+)<\/div>/g)].map((match) => match[1]);
    const headers = [...html.matchAll(/<th[^>]*>([^<]+)<\/th>/g)].map((match) => match[1]);

    expect(labels).toEqual(expect.arrayContaining(["Messages waiting now", "Messages deferred now", "Messages held now", "Deferred attempts, last hour", "Delivered / deferred / failed attempts, 24 h"]));
    expect(labels).not.toContain("Deferred");
    expect(labels).not.toContain("Deferred, last hour");
    expect(headers).toEqual(expect.arrayContaining(["Waiting now", "Deferred now", "Held now", "Attempts, last hour", "Attempts, 24 h"]));
    expect(html).toMatch(/title="Attempts that left the message queued for a retry[^"]*not messages: a message deferred three times counts three\."/);
    expect(rowOf(html, gateway)).toContain('<td data-col="deferred">1</td>');
  });
});
