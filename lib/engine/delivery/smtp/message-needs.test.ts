import { describe, expect, it } from "vitest";
import { rawMessage, send, setUpSmtpTests } from "@/test/smtp/smtp-client-test-kit";

// Kind 5 (8BITMIME, SMTPUTF8) and kind 6 (SIZE): declare what the message needs, refuse early what cannot pass.

const kit = setUpSmtpTests();
const eightBitBody = rawMessage("8bit", "Gr\u00fc\u00dfe aus K\u00f6ln\r\n");
const utf8Header = Buffer.from("From: s@example.org\r\nSubject: Gr\u00fc\u00dfe\r\n\r\nplain\r\n");

describe("SIZE (RFC 1870)", () => {
  it("declares SIZE= with the message's size when the server offers SIZE", async () => {
    const server = await kit.server({ extensions: { size: 1_000_000 } });
    const raw = rawMessage("sized");
    expect((await send(kit.pool(server), raw)).recipients[0].status).toBe("delivered");
    expect(server.messages[0].mailFrom).toBe(`MAIL FROM:<s@example.org> SIZE=${raw.length}`);
  });

  it("fails a message over the advertised limit at once, permanently, without sending MAIL or the body", async () => {
    const server = await kit.server({ extensions: { size: 1000 } });
    const raw = rawMessage("big", "x".repeat(2000) + "\r\n");
    const result = await send(kit.pool(server), raw, ["a@example.net", "b@example.net"]);
    expect(result.failure).toEqual({
      kind: "permanent",
      reason: `message: 5.3.4 SIZE: the message is ${raw.length} bytes and the gateway accepts at most 1000 bytes (EHLO SIZE 1000, RFC 1870); not sent`,
      // This gateway cannot take it; another of the route may (deliverMessage tries the next one, issue 11).
      cannotTake: true,
    });
    expect(result.recipients.map((recipient) => recipient.status)).toEqual(["failed", "failed"]);
    expect(server.sessions[0].commands.map((command) => command.line.split(" ")[0])).toEqual(["EHLO"]);
    expect(server.messages).toHaveLength(0);
  });

  it("sends no SIZE= to a server without SIZE", async () => {
    const server = await kit.server();
    await send(kit.pool(server), rawMessage("nosize"));
    expect(server.messages[0].mailFrom).toBe("MAIL FROM:<s@example.org>");
  });
});

describe("8BITMIME and SMTPUTF8 (RFC 6152, RFC 6531)", () => {
  it("declares BODY=8BITMIME for 8-bit bytes when offered, and sends them unchanged to a strict server", async () => {
    const server = await kit.server({ strict: true });
    expect((await send(kit.pool(server), eightBitBody)).recipients[0].status).toBe("delivered");
    expect(server.messages[0].mailFrom).toBe("MAIL FROM:<s@example.org> BODY=8BITMIME");
    expect(server.messages[0].body.equals(eightBitBody)).toBe(true);
  });

  it("re-encodes a single 8-bit text part as quoted-printable for a gateway without 8BITMIME (RFC 6152 §3)", async () => {
    const server = await kit.server({ strict: true, extensions: { eightBitMime: false, smtpUtf8: false } });
    const head = "From: s@example.org\r\nSubject: qp\r\nMIME-Version: 1.0\r\nContent-Type: text/plain;\r\n charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n";
    const text = `Gr\u00fc\u00dfe aus K\u00f6ln = caf\u00e9 ${"long line ".repeat(12)}\r\n.dot\r\n`;
    const result = await send(kit.pool(server), Buffer.from(`${head}\r\n${text}`));
    expect(result.recipients[0].status).toBe("delivered");
    const copy = server.messages[0];
    expect(copy.mailFrom).toBe("MAIL FROM:<s@example.org>");
    expect(copy.body.every((byte) => byte < 0x80)).toBe(true);
    const [sentHead, sentBody] = copy.body.toString("latin1").split("\r\n\r\n");
    expect(sentHead).toBe(head.replace("Content-Transfer-Encoding: 8bit\r\n", "Content-Transfer-Encoding: quoted-printable"));
    expect(sentBody.split("\r\n").every((line) => line.length <= 76)).toBe(true);
    const decoded = Buffer.from(sentBody.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1");
    expect(decoded.toString("utf8")).toBe(text);
  });

  it.each([
    ["a multipart message", "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\nK\u00f6ln\r\n--b--\r\n"],
    ["a message without MIME-Version", "Subject: x\r\n\r\nK\u00f6ln\r\n"],
    ["a non-text body", "MIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\u00ff\r\n"],
  ])("fails %s with 8-bit bytes permanently, nothing sent, when 8BITMIME is not offered", async (_name, message) => {
    const server = await kit.server({ extensions: { eightBitMime: false, smtpUtf8: false } });
    const result = await send(kit.pool(server), Buffer.from(message));
    expect(result.failure?.kind).toBe("permanent");
    expect(result.failure?.reason).toMatch(/^message: 5\.6\.3 8BITMIME: the message has 8-bit bytes, the gateway does not offer 8BITMIME \(RFC 6152\)/);
    expect(server.messages).toHaveLength(0);
  });

  it("fails only the recipient with a UTF-8 address when SMTPUTF8 is not offered; the others get the message", async () => {
    const server = await kit.server({ strict: true, extensions: { smtpUtf8: false } });
    const result = await send(kit.pool(server), rawMessage("mixed-utf8"), ["j\u00f6rg@example.net", "plain@example.net"]);
    expect(result.recipients.map((r) => [r.recipient, r.status])).toEqual([
      ["j\u00f6rg@example.net", "failed"],
      ["plain@example.net", "delivered"],
    ]);
    expect(result.recipients[0].response).toMatch(/^message: 5\.6\.7 SMTPUTF8: this recipient's address is not ASCII/);
    expect(server.sessions[0].commands.some((command) => command.line.includes("j\u00f6rg"))).toBe(false);
  });

  it("declares SMTPUTF8 (and BODY=8BITMIME) for UTF-8 header fields and addresses when offered", async () => {
    const server = await kit.server({ strict: true });
    const result = await send(kit.pool(server), utf8Header, ["j\u00f6rg@example.net"]);
    expect(result.recipients[0].status).toBe("delivered");
    expect(server.messages[0].mailFrom).toBe("MAIL FROM:<s@example.org> BODY=8BITMIME SMTPUTF8");
    expect(server.messages[0].to).toEqual(["j\u00f6rg@example.net"]);
  });

  it("fails UTF-8 headers permanently when SMTPUTF8 is not offered", async () => {
    const server = await kit.server({ extensions: { smtpUtf8: false } });
    const result = await send(kit.pool(server), utf8Header);
    expect(result.failure?.reason).toMatch(/^message: 5\.6\.9 SMTPUTF8: the message has UTF-8 in its sender address or header fields/);
    expect(server.messages).toHaveLength(0);
  });

  it("sends plain ASCII with no BODY or SMTPUTF8 parameter", async () => {
    const server = await kit.server({ strict: true });
    await send(kit.pool(server), rawMessage("ascii"));
    expect(server.messages[0].mailFrom).toBe("MAIL FROM:<s@example.org>");
  });
});
