import { simpleParser } from "mailparser";
import { describe, expect, it, vi } from "vitest";
import type { ScriptedMessage } from "@/test/smtp/scripted-smtp-server";
import { buildRaw, copiesOf, isCopyOf, loadMessage, queueRaw, setUpConformance } from "./conformance-kit";

vi.mock("@/lib/engine/routing/load-routing-table", async (original) => (await import("./session-overrides")).withSessionOverrides(await original()));

// Issue 11, kind 5: 8BITMIME (RFC 6152) and SMTPUTF8 (RFC 6531/6532): declare what the message needs, use what the
// gateway offers, downgrade where the standard allows, otherwise fail permanently with a clear reason.

const conformance = setUpConformance();
const EIGHT_BIT = ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"];
const TEXT = "Grüße aus Köln, café crème.\r\n";

const isSevenBit = (bytes: Buffer) => bytes.every((byte) => byte < 0x80);
const headerBlock = (copy: ScriptedMessage) => copy.body.subarray(0, copy.body.indexOf("\r\n\r\n"));
const findCopy = (messages: ScriptedMessage[], tag: string) => messages.find((copy) => isCopyOf(copy, tag));

describe("conformance: 8BITMIME and SMTPUTF8", () => {
  it("declares BODY=8BITMIME for an 8-bit message when the gateway offers it, and relays it byte for byte", async () => {
    const server = await conformance.startScripted({ strict: true });
    await conformance.gateway(server.port);
    const { raw } = buildRaw({ headers: EIGHT_BIT, body: TEXT });
    const { id, tag } = await queueRaw({ raw });

    await conformance.drain();
    const copy = findCopy(server.messages, tag);
    expect(copy?.reply).toMatch(/^250 /);
    expect(copy?.mailFrom).toMatch(/ BODY=8BITMIME\b/i);
    expect(copy?.body.equals(raw)).toBe(true);
    expect((await loadMessage(id)).status).toBe("DELIVERED");
  });

  it("downgrades an 8-bit text message to 7 bits for a gateway without 8BITMIME (the issue's example answered 554)", async () => {
    const server = await conformance.startScripted({ strict: true, extensions: { eightBitMime: false } });
    await conformance.gateway(server.port);
    const { raw } = buildRaw({ headers: EIGHT_BIT, body: TEXT, subject: "Downgrade" });
    const { id, tag } = await queueRaw({ raw });

    await conformance.drain();
    expect(server.messages.filter((copy) => isCopyOf(copy, tag)).map((copy) => copy.reply)).toEqual(["250 2.0.0 Ok: queued"]);
    const copy = findCopy(server.accepted(), tag)!;
    expect(copy.mailFrom).not.toMatch(/BODY=8BITMIME/i);
    expect(isSevenBit(copy.body)).toBe(true);
    const parsed = await simpleParser(copy.body);
    expect(parsed.text).toBe(TEXT.replace("\r\n", "\n"));
    expect([parsed.subject, parsed.messageId]).toEqual(["Downgrade", `<${tag}@example.org>`]);
    expect((await loadMessage(id)).status).toBe("DELIVERED");
  });

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

  it("declares SMTPUTF8 for raw UTF-8 header fields (RFC 6532) when the gateway offers it", async () => {
    const server = await conformance.startScripted({ strict: true });
    await conformance.gateway(server.port);
    const { raw } = buildRaw({ subject: "Grüße", headers: EIGHT_BIT, body: TEXT });
    const { tag } = await queueRaw({ raw });

    await conformance.drain();
    const copy = findCopy(server.messages, tag);
    expect(copy?.reply).toMatch(/^250 /);
    expect(copy?.mailFrom).toMatch(/ SMTPUTF8\b/i);
    expect(copy?.body.equals(raw)).toBe(true);
  });

  it("fails a non-ASCII mailbox permanently, naming SMTPUTF8, when the gateway does not offer it (no downgrade exists)", async () => {
    const server = await conformance.startScripted({ strict: true, extensions: { smtpUtf8: false } });
    await conformance.gateway(server.port);
    // The null sender: no DSN, so the server sees only this message.
    const { raw } = buildRaw({ from: "", to: ["plain@example.net"] });
    const { id, tag } = await queueRaw({ from: "", to: ["jürgen@example.net", "plain@example.net"], raw });

    await conformance.drain();
    const message = await loadMessage(id);
    const recipients = Object.fromEntries(message.recipients.map((recipient) => [recipient.address, recipient]));
    expect(recipients["jürgen@example.net"]).toMatchObject({ status: "FAILED" });
    expect(recipients["jürgen@example.net"].smtpResponse).toMatch(/SMTPUTF8/);
    expect(recipients["plain@example.net"]).toMatchObject({ status: "DELIVERED" });
    expect(server.accepted().filter((copy) => isCopyOf(copy, tag)).map((copy) => copy.to)).toEqual([["plain@example.net"]]);
    expect(server.sessions.flatMap((session) => session.commands).some((command) => command.line.includes("jürgen"))).toBe(false);
  });

  it("never sends raw UTF-8 header fields to a gateway without SMTPUTF8: encoded as RFC 2047, or refused permanently", async () => {
    const server = await conformance.startScripted({ strict: true, extensions: { smtpUtf8: false } });
    await conformance.gateway(server.port);
    const { raw } = buildRaw({ from: "", subject: "Grüße", headers: EIGHT_BIT, body: TEXT });
    const { id, tag } = await queueRaw({ from: "", raw });

    await conformance.drain();
    const copy = findCopy(server.accepted(), tag);
    const message = await loadMessage(id);
    const verdict = copy
      ? isSevenBit(headerBlock(copy)) && (await simpleParser(copy.body)).subject === "Grüße"
        ? "downgraded"
        : "raw UTF-8 headers sent"
      : message.status === "FAILED" && /SMTPUTF8/.test(message.recipients[0].smtpResponse ?? "")
        ? "refused"
        : `neither: ${message.status} ${message.lastError}`;
    expect(["downgraded", "refused"]).toContain(verdict);
    expect(copiesOf(tag, server)).toBeLessThanOrEqual(1);
  });
});
