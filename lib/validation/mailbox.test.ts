import { describe, expect, it } from "vitest";
import { fieldErrorsFromZod } from "../platform/errors";
import { normaliseMailbox } from "./mailbox";
import { makeSubmitMessageSchema } from "./submit-message";

// RFC 6531 §3.3: with SMTPUTF8 the local part may hold UTF-8 (atext and qtextSMTP extended by UTF8-non-ascii, RFC 6532
// §3.2); without it an address stays ASCII. The domain is converted to ASCII (IDNA) either way.
describe("normaliseMailbox with SMTPUTF8", () => {
  it.each([
    ["jörg@example.com", "jörg@example.com"],
    ["пользователь@Пример.example", "пользователь@xn--e1afmkfd.example"],
    ["用户.名@example.com", "用户.名@example.com"],
    ['"ünïcode quoted"@example.com', '"ünïcode quoted"@example.com'],
    ["ascii@example.com", "ascii@example.com"],
  ])("accepts %s", (input, address) => {
    expect(normaliseMailbox(input, { utf8: true })).toEqual({ address });
  });

  it.each([
    ["ü@example.com", /SMTPUTF8/],
    ["jörg@example.com", /SMTPUTF8/],
  ])("refuses %s without SMTPUTF8, saying so", (input, problem) => {
    expect(normaliseMailbox(input)).toEqual({ problem: expect.stringMatching(problem) });
  });

  it.each([
    // 22 three-octet characters are 66 octets: RFC 5321 §4.5.3.1.1 counts octets, not characters.
    `${"用".repeat(22)}@example.com`,
    // Controls, format characters (a right-to-left override, a zero-width joiner) and non-ASCII spaces are no atext.
    "a\u0085b@example.com",
    "a\u202eb@example.com",
    "a\u200db@example.com",
    "a\u00a0b@example.com",
    "jörg..x@example.com",
    "jörg@exämple",
  ])("refuses %j even with SMTPUTF8", (input) => {
    expect(normaliseMailbox(input, { utf8: true })).toHaveProperty("problem");
  });
});

describe("the null reverse-path over the HTTP API", () => {
  // Decided in issue 16: only SMTP takes MAIL FROM:<> (a mail server's own bounces and auto-replies, RFC 5321 §4.5.5).
  // An application submits originals, and the null sender would hide their failures from the address that sent them.
  it("refuses an empty envelope.from with a 422 field error", () => {
    const schema = makeSubmitMessageSchema({ maxRecipients: 3 });
    const result = schema.safeParse({ raw: Buffer.from("From: a@example.com\r\n\r\nx\r\n").toString("base64"), envelope: { from: "", to: ["b@dest.example"] } });
    expect(result.success).toBe(false);
    if (!result.success) expect(fieldErrorsFromZod(result.error)).toHaveProperty(["envelope.from"]);
  });
});
