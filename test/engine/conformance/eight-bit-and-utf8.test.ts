import { describe, expect, it, vi } from "vitest";
import type { ScriptedMessage } from "@/test/smtp/scripted-smtp-server";
import { buildRaw, isCopyOf, loadMessage, queueRaw, setUpConformance } from "./conformance-kit";

vi.mock("@/lib/engine/routing/load-routing-table", async (original) => (await import("./session-overrides")).withSessionOverrides(await original()));

// Issue 11, kind 5: 8BITMIME (RFC 6152) and SMTPUTF8 (RFC 6531/6532): declare what the message needs, use what the
// gateway offers, downgrade where the standard allows, otherwise fail permanently with a clear reason.

const conformance = setUpConformance();
const EIGHT_BIT = ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"];
const TEXT = "Grüße aus Köln, café crème.\r\n";

const findCopy = (messages: ScriptedMessage[], tag: string) => messages.find((copy) => isCopyOf(copy, tag));

describe("conformance: 8BITMIME and SMTPUTF8", () => {
  it("declares nothing for a 7-bit message and relays it byte for byte to a strict gateway", async () => {
    const server = await conformance.startScripted({ strict: true });
    await conformance.gateway(server.port);
    const { raw } = buildRaw({ body: "Plain ASCII.\r\n..leading dots stay\r\n" });
    const { tag } = await queueRaw({ raw });

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    const copy = findCopy(server.accepted(), tag);
    expect(copy?.mailFrom).not.toMatch(/BODY=8BITMIME|SMTPUTF8/i);
    expect(copy?.body.equals(raw)).toBe(true);
  });

  it("declares SMTPUTF8 for a non-ASCII mailbox when the gateway offers it, and keeps the address as written", async () => {
    const server = await conformance.startScripted({ strict: true });
    await conformance.gateway(server.port);
    const { raw } = buildRaw({ to: ["jürgen@example.net"], headers: EIGHT_BIT, body: TEXT });
    const { id, tag } = await queueRaw({ raw, to: ["jürgen@example.net"] });

    expect(await conformance.drain()).toMatchObject({ delivered: 1 });
    const copy = findCopy(server.accepted(), tag);
    expect(copy?.mailFrom).toMatch(/ SMTPUTF8\b/i);
    expect(copy?.to).toEqual(["jürgen@example.net"]);
    expect(copy?.body.equals(raw)).toBe(true);
    expect((await loadMessage(id)).recipients.map((recipient) => recipient.status)).toEqual(["DELIVERED"]);
  });
});
