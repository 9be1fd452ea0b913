import { describe, expect, it } from "vitest";
import { dotStuff, needsSmtpUtf8, prepareMessage } from "./prepare-message";

const envelope = { from: "a@example.org", to: ["b@example.net"] };

describe("dotStuff (RFC 5321 §4.5.2)", () => {
  it("doubles a dot at the start of every line, the first included, and nothing else", () => {
    expect(dotStuff(Buffer.from(".a\r\nb.c\r\n.\r\n..d\r\n")).toString()).toBe("..a\r\nb.c\r\n..\r\n...d\r\n");
  });

  it("returns the same bytes without copying when no line starts with a dot", () => {
    const raw = Buffer.from("a\r\nb.c\r\n");
    expect(dotStuff(raw)).toBe(raw);
  });
});

describe("prepareMessage", () => {
  it("ends the data with CRLF.CRLF, adding the CRLF only when the bytes lack it", () => {
    expect(prepareMessage(Buffer.from("a\r\n"), envelope).end.toString()).toBe(".\r\n");
    expect(prepareMessage(Buffer.from("a"), envelope).end.toString()).toBe("\r\n.\r\n");
  });

  it("sees 8-bit bytes in the body as 8BITMIME, UTF-8 in header or envelope as SMTPUTF8", () => {
    const ascii = prepareMessage(Buffer.from("Subject: x\r\n\r\nplain\r\n"), envelope);
    expect([ascii.eightBit, ascii.utf8, ascii.size]).toEqual([false, false, 21]);
    const body = prepareMessage(Buffer.from("Subject: x\r\n\r\ncaf\u00e9\r\n"), envelope);
    expect([body.eightBit, body.utf8]).toEqual([true, false]);
    const header = prepareMessage(Buffer.from("Subject: caf\u00e9\r\n\r\nplain\r\n"), envelope);
    expect([header.eightBit, header.utf8]).toEqual([true, true]);
    const address = prepareMessage(Buffer.from("Subject: x\r\n\r\nplain\r\n"), { from: "a@example.org", to: ["j\u00f6rg@example.net"] });
    // A UTF-8 recipient needs SMTPUTF8 only for itself; a UTF-8 sender for the whole message.
    expect([address.eightBit, address.utf8, needsSmtpUtf8("j\u00f6rg@example.net"), needsSmtpUtf8("b@example.net")]).toEqual([false, false, true, false]);
    expect(prepareMessage(Buffer.from("x\r\n"), { from: "j\u00f6rg@example.org", to: ["b@example.net"] }).utf8).toBe(true);
  });

  it.each([
    "b@example.net>\r\nRCPT TO:<c@example.net",
    "b@example.net> NOTIFY=NEVER",
    "b>x@example.net",
    '"quoted"b>@example.net',
    '"x"@ex>ample.net',
    '"open@example.net>',
    '"nul\u0000"@example.net',
  ])("refuses an envelope address that would break the command line or end the path early: %j", (address) => {
    expect(() => prepareMessage(Buffer.from("x\r\n"), { from: "a@example.org", to: [address] })).toThrow(expect.objectContaining({ code: "EENVELOPE" }));
  });

  it.each(['"x>y <z>"@example.net', '"a>b\\"c"@example.net', '"a@b>"@example.net'])("sends %j: in a Quoted-string, < and > are the mailbox's (RFC 5321 §4.1.2)", (address) => {
    expect(prepareMessage(Buffer.from("x\r\n"), { from: address, to: [address] }).recipients).toEqual([address]);
  });
});
