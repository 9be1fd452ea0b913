import { describe, expect, it, vi } from "vitest";
import { buildRaw, copiesOf, isCopyOf, queueRaw, setUpConformance } from "./conformance-kit";

vi.mock("@/lib/engine/routing/load-routing-table", async (original) => (await import("./session-overrides")).withSessionOverrides(await original()));

// Issue 11, kind 6: SIZE (RFC 1870): declare SIZE= on MAIL FROM and fail fast, with a clear reason, when the
// gateway's limit is smaller. The example (10 MB limit, 21.5 MB sent before the 552) scaled down 1000 times.

const conformance = setUpConformance();

/** About `bytes` octets of 7-bit text in 78-octet lines. */
function bodyOf(bytes: number): string {
  return `${"x".repeat(76)}\r\n`.repeat(Math.ceil(bytes / 78));
}

describe("conformance: SIZE (RFC 1870)", () => {
  it("treats SIZE 0 as no fixed limit (RFC 1870 §4)", async () => {
    const server = await conformance.startScripted({ extensions: { size: 0 } });
    await conformance.gateway(server.port);
    const { raw } = buildRaw({ body: bodyOf(21_500) });
    const { tag } = await queueRaw({ raw });

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    expect(copiesOf(tag, server)).toBe(1);
  });

  it("sends no SIZE= to a gateway that does not advertise SIZE", async () => {
    const server = await conformance.startScripted();
    await conformance.gateway(server.port);
    const { raw } = buildRaw({ body: bodyOf(21_500) });
    const { tag } = await queueRaw({ raw });

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    const copy = server.accepted().find((message) => isCopyOf(message, tag));
    expect(copy?.mailFrom).not.toMatch(/SIZE=/i);
    expect(copy?.body.equals(raw)).toBe(true);
  });
});
