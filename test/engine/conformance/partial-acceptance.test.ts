import { describe, expect, it, vi } from "vitest";
import { buildRaw, isCopyOf, loadMessage, queueRaw, setUpConformance } from "./conformance-kit";

vi.mock("@/lib/engine/routing/load-routing-table", async (original) => (await import("./session-overrides")).withSessionOverrides(await original()));

// Issue 11, kind 8: recipients refused with "452 4.5.3 too many recipients" go in the next transaction right away
// (RFC 5321 §4.5.3.1.10); other 4xx answers still wait for the retry schedule.

const conformance = setUpConformance();
const recipients = (count: number) => Array.from({ length: count }, (_, index) => `r${index + 1}@example.net`);

async function queueFor(to: string[]) {
  return queueRaw({ to, raw: buildRaw({ to }).raw });
}

describe("conformance: partial acceptance", () => {
  it("sends a 7-recipient message to a gateway that takes 3 per transaction in one attempt (the issue's example)", async () => {
    const server = await conformance.startScripted({ recipientsPerTransaction: 3 });
    await conformance.gateway(server.port);
    const to = recipients(7);
    const { id, tag } = await queueFor(to);

    expect(await conformance.drain()).toMatchObject({ claimed: 1, delivered: 1, deferred: 0 });
    const copies = server.accepted().filter((copy) => isCopyOf(copy, tag));
    expect(copies.map((copy) => copy.to.length)).toEqual([3, 3, 1]);
    expect(copies.flatMap((copy) => copy.to).sort()).toEqual(to);
    const message = await loadMessage(id);
    expect(message).toMatchObject({ status: "DELIVERED", attempts: 1 });
    expect(message.recipients.every((recipient) => recipient.status === "DELIVERED")).toBe(true);
  });

  it("continues at once past 452 4.5.3 while a 550 recipient fails and a 450 recipient waits", async () => {
    const server = await conformance.startScripted({
      recipientsPerTransaction: 2,
      rcpt: (address) => (address === "r2@example.net" ? "550 5.1.1 User unknown" : address === "r4@example.net" ? "450 4.2.1 Mailbox busy" : null),
    });
    await conformance.gateway(server.port);
    const to = recipients(6);
    // The null sender: no DSN for r2.
    const { id, tag } = await queueRaw({ from: "", to, raw: buildRaw({ from: "", to }).raw });

    await conformance.drain();
    const delivered = server.accepted().filter((copy) => isCopyOf(copy, tag)).flatMap((copy) => copy.to);
    expect(delivered.sort()).toEqual(["r1@example.net", "r3@example.net", "r5@example.net", "r6@example.net"]);
    const message = await loadMessage(id);
    expect(message.attempts).toBe(1);
    expect(Object.fromEntries(message.recipients.map((recipient) => [recipient.address, [recipient.status, recipient.smtpCode]]))).toEqual({
      "r1@example.net": ["DELIVERED", 250],
      "r2@example.net": ["FAILED", 550],
      "r3@example.net": ["DELIVERED", 250],
      "r4@example.net": ["PENDING", null],
      "r5@example.net": ["DELIVERED", 250],
      "r6@example.net": ["DELIVERED", 250],
    });
    expect(message.deliveryLog.map((attempt) => attempt.response).join("\n")).toContain("r4@example.net: 450 4.2.1 Mailbox busy");
    // r4's 450 is about its mailbox: asked once, then left for the retry schedule.
    const asked = server.sessions.flatMap((session) => session.commands).filter((command) => command.line.includes("<r4@example.net>"));
    expect(asked).toHaveLength(1);
  });

  it("does not take 452 4.2.2 (mailbox full) as a cue to resend at once", async () => {
    const server = await conformance.startScripted({ rcpt: (address) => (address === "r2@example.net" ? "452 4.2.2 Mailbox full" : null) });
    await conformance.gateway(server.port);
    const { id } = await queueRaw({ from: "", to: recipients(2), raw: buildRaw({ from: "", to: recipients(2) }).raw });

    await conformance.drain();
    const asked = server.sessions.flatMap((session) => session.commands).filter((command) => command.line.includes("<r2@example.net>"));
    expect(asked).toHaveLength(1);
    const message = await loadMessage(id);
    expect(message.recipients.map((recipient) => recipient.status)).toEqual(["DELIVERED", "PENDING"]);
  });

  it("leaves every recipient pending when the gateway answers 452 4.5.3 to the very first RCPT", async () => {
    const server = await conformance.startScripted({ rcpt: () => "452 4.5.3 Too many recipients" });
    await conformance.gateway(server.port);
    const to = recipients(3);
    const { id } = await queueRaw({ from: "", to, raw: buildRaw({ from: "", to }).raw });

    expect(await conformance.drain()).toMatchObject({ claimed: 1, deferred: 1 });
    expect(server.messages).toEqual([]);
    const rcpts = server.sessions.flatMap((session) => session.commands).filter((command) => command.line.startsWith("RCPT"));
    expect(rcpts.length).toBeLessThanOrEqual(2 * to.length);
    const message = await loadMessage(id);
    expect(message).toMatchObject({ status: "QUEUED", attempts: 1 });
    expect(message.recipients.map((recipient) => recipient.status)).toEqual(["PENDING", "PENDING", "PENDING"]);
  });

  it("stops and waits when a fresh transaction accepts no recipient at all, rather than looping", async () => {
    let accepted = 0;
    const server = await conformance.startScripted({ rcpt: () => (accepted >= 2 ? "452 4.5.3 Too many recipients" : ((accepted += 1), null)) });
    await conformance.gateway(server.port);
    const to = recipients(5);
    const { id, tag } = await queueRaw({ from: "", to, raw: buildRaw({ from: "", to }).raw });

    expect(await conformance.drain()).toMatchObject({ claimed: 1 });
    expect(server.accepted().filter((copy) => isCopyOf(copy, tag)).flatMap((copy) => copy.to)).toEqual(["r1@example.net", "r2@example.net"]);
    const rcpts = server.sessions.flatMap((session) => session.commands).filter((command) => command.line.startsWith("RCPT"));
    expect(rcpts.length).toBeLessThanOrEqual(2 + 3 * 2);
    const message = await loadMessage(id);
    expect(message.recipients.map((recipient) => recipient.status)).toEqual(["DELIVERED", "DELIVERED", "PENDING", "PENDING", "PENDING"]);
    expect(message.status).toBe("QUEUED");
  });
});
