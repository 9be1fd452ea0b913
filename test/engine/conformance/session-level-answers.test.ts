import { describe, expect, it, vi } from "vitest";
import { copiesOf, isCoolingDown, loadMessage, queueRaw, setUpConformance } from "./conformance-kit";

vi.mock("@/lib/engine/routing/load-routing-table", async (original) => (await import("./session-overrides")).withSessionOverrides(await original()));

// Issue 11, kind 7: a 421 or a dropped socket on a reused session is about the session, not the gateway; "too many
// connections" lowers the gateway's concurrency; Max connections, Messages per connection and Recipients per
// transaction are per-gateway settings.

const conformance = setUpConformance();

describe("conformance: session-level answers and connection limits", () => {
  it("still fails over when the gateway greets its only session with 421 (the gateway is down, not busy)", async () => {
    const down = await conformance.startScripted({ greeting: "421 4.3.2 Service not available" });
    const good = await conformance.startScripted();
    const first = await conformance.gateway(down.port);
    await conformance.gateway(good.port);
    const { id, tag } = await queueRaw();

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    expect(copiesOf(tag, good)).toBe(1);
    expect((await loadMessage(id)).deliveryLog.map((attempt) => attempt.outcome)).toEqual(["FAILOVER", "DELIVERED"]);
    expect(await isCoolingDown(first.id)).toBe(true);
  });
});
