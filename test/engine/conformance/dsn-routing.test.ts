import { describe, expect, it, vi } from "vitest";
import { applyQueueAction } from "@/lib/engine/queue/actions/apply-queue-action";
import { getDb } from "@/lib/platform/db";
import { closedPort } from "../create-test-gateway";
import { loadMessage, queueRaw, setUpConformance } from "./conformance-kit";

vi.mock("@/lib/engine/routing/load-routing-table", async (original) => (await import("./session-overrides")).withSessionOverrides(await original()));

// Issue 11 (found by a new-user trial): Outgate's own DSN (the null sender) to a sender whose domain is pinned to a
// dead Specific Domains gateway without failover went through that same gateway and sat QUEUED forever, although
// healthy round-robin gateways existed. A DSN is Outgate's own message, not the domain's outgoing mail: it tries the
// domain's gateway first and then round robin, whatever the domain's failover setting, so it is never stranded.

const conformance = setUpConformance();

describe("the route of Outgate's own DSNs", () => {
  it("a DSN about mail pinned to a dead gateway without failover reaches the sender through round robin, once", async () => {
    const first = await conformance.startScripted();
    const second = await conformance.startScripted();
    const dead = await conformance.gateway(await closedPort(), { type: "SPECIFIC_DOMAINS" });
    await conformance.gateway(first.port);
    await conformance.gateway(second.port);
    // queueRaw's sender domain.
    await getDb().domain.create({ data: { name: "example.org", gatewayId: dead.id, failoverToRoundRobin: false } });
    const { id } = await queueRaw();

    await conformance.drain();
    expect((await loadMessage(id)).status).toBe("QUEUED");
    expect((await applyQueueAction([id], { action: "bounce", actor: "ops@outgate.test" })).changed).toEqual([id]);
    const dsn = await getDb().message.findFirstOrThrow({ where: { bounceOfId: id }, select: { id: true } });

    await conformance.drain();
    expect((await loadMessage(dsn.id)).status).toBe("DELIVERED");
    const copies = [first, second].flatMap((server) => server.accepted()).filter((received) => received.from === "" && received.to.includes("sender@example.org"));
    expect(copies).toHaveLength(1);
    // The original itself still never left by round robin: the domain does not fail over.
    expect([first, second].flatMap((server) => server.accepted()).filter((received) => received.from !== "")).toEqual([]);
  });
});
