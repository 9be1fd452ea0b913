import { describe, expect, it, vi } from "vitest";
import { DEFAULT_SESSION_SETTINGS } from "@/lib/engine/delivery/session-settings";
import { copiesOf, loadMessage, queueRaw, setUpConformance } from "./conformance-kit";

vi.mock("@/lib/engine/routing/load-routing-table", async (original) => (await import("./session-overrides")).withSessionOverrides(await original()));

// Issue 11, kind 1: stage timeouts follow RFC 5321 §4.5.3.2, and a message the gateway may have accepted is never sent again.

const conformance = setUpConformance();

describe("conformance: timeouts (RFC 5321 §4.5.3.2)", () => {
  it("defaults every SMTP stage to the RFC's minimum and keeps the TCP connect short", () => {
    const { connectMs, ...stages } = DEFAULT_SESSION_SETTINGS.timeouts;
    expect(stages).toEqual({ greetingMs: 300_000, mailMs: 300_000, rcptMs: 300_000, dataInitMs: 120_000, dataBlockMs: 180_000, dataTermMs: 600_000 });
    expect(connectMs).toBeLessThanOrEqual(30_000);
  });

  it("waits for each stage as long as the gateway's setting allows", async () => {
    const server = await conformance.startScripted({ delays: { greeting: 800, mail: 800, rcpt: 800, data: 800, dataEnd: 800 } });
    const stages = { connectMs: 1000, greetingMs: 4000, mailMs: 4000, rcptMs: 4000, dataInitMs: 4000, dataBlockMs: 4000, dataTermMs: 4000 };
    await conformance.gateway(server.port, { session: { timeouts: stages } });
    const { id, tag } = await queueRaw();

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    expect(copiesOf(tag, server)).toBe(1);
    expect((await loadMessage(id)).deliveryLog.map((attempt) => attempt.outcome)).toEqual(["DELIVERED"]);
  });
});
