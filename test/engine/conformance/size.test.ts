import { describe, expect, it, vi } from "vitest";
import { buildRaw, copiesOf, isCopyOf, loadMessage, queueRaw, setUpConformance } from "./conformance-kit";

vi.mock("@/lib/engine/routing/load-routing-table", async (original) => (await import("./session-overrides")).withSessionOverrides(await original()));

// Issue 11, kind 6: SIZE (RFC 1870): declare SIZE= on MAIL FROM and fail fast, with a clear reason, when the
// gateway's limit is smaller. The example (10 MB limit, 21.5 MB sent before the 552) scaled down 1000 times.

const conformance = setUpConformance();
const LIMIT = 10_000;

/** About `bytes` octets of 7-bit text in 78-octet lines. */
function bodyOf(bytes: number): string {
  return `${"x".repeat(76)}\r\n`.repeat(Math.ceil(bytes / 78));
}

describe("conformance: SIZE (RFC 1870)", () => {
  it("fails a message over the advertised SIZE before sending its data, naming the limit", async () => {
    const server = await conformance.startScripted({ extensions: { size: LIMIT } });
    await conformance.gateway(server.port);
    // The null sender: no DSN, so nothing else reaches the server.
    const { raw } = buildRaw({ from: "", body: bodyOf(21_500) });
    const { id } = await queueRaw({ from: "", raw });

    expect(await conformance.drain()).toMatchObject({ claimed: 1, failed: 1 });
    expect(server.messages).toEqual([]);
    const message = await loadMessage(id);
    expect(message.status).toBe("FAILED");
    expect(message.recipients[0].status).toBe("FAILED");
    expect(message.recipients[0].smtpResponse).toMatch(/size/i);
    expect(message.recipients[0].smtpResponse).toContain(String(LIMIT));
    expect(message.deliveryLog.map((attempt) => attempt.outcome)).toEqual(["FAILED"]);
  });

  it("declares SIZE= on MAIL FROM, at least the bytes it then sends, under the limit", async () => {
    const server = await conformance.startScripted({ extensions: { size: LIMIT } });
    await conformance.gateway(server.port);
    const { raw } = buildRaw({ body: bodyOf(8_000) });
    const { tag } = await queueRaw({ raw });

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    const copy = server.accepted().find((message) => isCopyOf(message, tag));
    expect(copy?.body.equals(raw)).toBe(true);
    const declared = Number(/ SIZE=(\d+)/i.exec(copy?.mailFrom ?? "")?.[1]);
    expect(declared).toBeGreaterThanOrEqual(raw.length);
  });

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

  it("bounces an oversized message with a DSN that itself fits the gateway's limit", async () => {
    const server = await conformance.startScripted({ extensions: { size: LIMIT } });
    await conformance.gateway(server.port);
    const { raw } = buildRaw({ from: "alice@example.org", body: bodyOf(21_500) });
    const { id, tag } = await queueRaw({ from: "alice@example.org", raw });

    await conformance.drain();
    expect((await loadMessage(id)).status).toBe("FAILED");
    expect(server.messages.map((message) => [message.from, message.to, message.accepted])).toEqual([["", ["alice@example.org"], true]]);
    expect(server.messages[0].body.length).toBeLessThanOrEqual(LIMIT);
    expect(server.messages[0].body.toString()).toContain(tag);
  });
});
