import { describe, expect, it } from "vitest";
import { readAddressCommand } from "./smtp-address-command";

describe("reading a MAIL FROM or RCPT TO line (RFC 5321 §4.1.1.2, §4.1.1.3, §4.1.2)", () => {
  it("reads the parameters after a quoted local part that holds spaces", () => {
    expect(readAddressCommand("RCPT TO", 'RCPT TO:<"jane doe"@example.net>  NOTIFY=FAILURE ORCPT=rfc822;x+40y')).toEqual({
      path: '<"jane doe"@example.net>',
      parameters: new Map([["NOTIFY", "FAILURE"], ["ORCPT", "rfc822;x+40y"]]),
    });
  });

  it.each([
    ["MAIL FROM", "MAIL FROM:<a@example.com>", "<a@example.com>"],
    ["MAIL FROM", "MAIL FROM:<>", "<>"],
    ["MAIL FROM", "mail from:<a@example.com>", "<a@example.com>"],
    // Not RFC 5321, but sent by old devices and accepted by Postfix by default (strict_rfc821_envelopes = no).
    ["MAIL FROM", "MAIL FROM: <a@example.com>", "<a@example.com>"],
    ["MAIL FROM", "MAIL FROM:<@relay.example:a@example.com>", "<@relay.example:a@example.com>"],
    ["RCPT TO", "RCPT TO:<b@example.net>", "<b@example.net>"],
    ["RCPT TO", "RCPT TO:<>", "<>"],
    // Quoted-string local parts: a space, "@", "<", ">" and escaped quotes or backslashes are the mailbox's.
    ["MAIL FROM", 'MAIL FROM:<"john smith"@example.com>', '<"john smith"@example.com>'],
    ["RCPT TO", 'RCPT TO:<"a@b"@example.net>', '<"a@b"@example.net>'],
    ["RCPT TO", 'RCPT TO:<"x>y <z>"@example.net>', '<"x>y <z>"@example.net>'],
    ["RCPT TO", 'RCPT TO:<"say \\"hi\\""@example.net>', '<"say \\"hi\\""@example.net>'],
    ["RCPT TO", 'RCPT TO:<"back\\\\slash"@example.net>', '<"back\\\\slash"@example.net>'],
  ] as const)("reads the path of %s in %j", (verb, line, path) => {
    expect(readAddressCommand(verb, line)).toEqual({ path, parameters: new Map() });
  });

  it.each([
    ["MAIL FROM", "MAIL FROM <a@example.com>", { problem: "command" }],
    ["MAIL FROM", "MAIL  FROM:<a@example.com>", { problem: "command" }],
    ["MAIL FROM", "MAIL", { problem: "command" }],
    ["MAIL FROM", "MAIL TO:<a@example.com>", { problem: "command" }],
    ["RCPT TO", "RCPT <b@example.net>", { problem: "command" }],
    ["MAIL FROM", "MAIL FROM:a@example.com", { problem: "path" }],
    ["MAIL FROM", "MAIL FROM:a@example.com SIZE=10", { problem: "path" }],
    ["MAIL FROM", "MAIL FROM:<a@example.com", { problem: "path" }],
    ["MAIL FROM", "MAIL FROM:", { problem: "path" }],
    ["RCPT TO", "rcpt to:b@example.net", { problem: "path" }],
    ["MAIL FROM", "MAIL FROM:<a@example.com> <b@example.com>", { problem: "parameter", parameter: "<b@example.com>" }],
    ["RCPT TO", "RCPT TO:<b@example.net> =x", { problem: "parameter", parameter: "=x" }],
    ["MAIL FROM", "MAIL FROM:<a@example.com>SIZE=10", { problem: "path" }],
    ["MAIL FROM", "MAIL FROM:<<a@example.com>>", { problem: "path" }],
    ["MAIL FROM", 'MAIL FROM:<"john smith@example.com>', { problem: "quote" }],
    ["RCPT TO", 'RCPT TO:<"a"b"@example.net>', { problem: "quote" }],
    ["RCPT TO", 'RCPT TO:<"open\\">', { problem: "quote" }],
    ["RCPT TO", 'RCPT TO:<"a b"@example.net>x', { problem: "path" }],
    ["RCPT TO", 'RCPT TO:<"jane doe"@example.net> "NOTIFY=NEVER"', { problem: "parameter", parameter: '"NOTIFY=NEVER"' }],
  ] as const)("finds what is wrong with %s in %j", (verb, line, problem) => {
    expect(readAddressCommand(verb, line)).toEqual(problem);
  });
});
