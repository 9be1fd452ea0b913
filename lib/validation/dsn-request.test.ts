import { describe, expect, it } from "vitest";
import {
  checkMailDsnParameters,
  checkRcptDsnParameters,
  decodeXtext,
  encodeXtext,
  formatMailDsnParameters,
  formatRcptDsnParameters,
  readMessageDsn,
  readRecipientDsn,
  wantsNotice,
} from "./dsn-request";
import { readAddressCommand } from "./smtp-address-command";

describe("xtext (RFC 3461 §4)", () => {
  it.each([
    ["plain", "plain"],
    ["a+2Bb", "a+b"],
    ["x+3Dy", "x=y"],
    ["sp+20ace", "sp ace"],
    ["", ""],
  ])("decodes %j to %j and encodes it back", (wire, text) => {
    expect(decodeXtext(wire)).toBe(text);
    expect(encodeXtext(text)).toBe(wire);
  });

  it.each(["a+2b", "a+", "a+G1", "a=b", "a b", "caf\u00e9", "a+0D+0Ab", "a+7F", "a+C3+A9"])("refuses %j", (wire) => {
    expect(decodeXtext(wire)).toBeNull();
  });
});

/** The parameters of a well-formed MAIL FROM or RCPT TO line. */
function readEsmtpParameters(line: string): Map<string, string | true> {
  const read = readAddressCommand(line.startsWith("MAIL") ? "MAIL FROM" : "RCPT TO", line);
  if ("problem" in read) throw new Error(`${line}: ${read.problem}`);
  return read.parameters;
}

describe("reading and checking the parameters", () => {
  it("reads MAIL and RCPT parameters by keyword, values as sent", () => {
    const parameters = readEsmtpParameters("MAIL FROM:<a@example.com> SIZE=10 ret=hdrs ENVID=x+2By BODY=8BITMIME SMTPUTF8");
    expect([...parameters]).toEqual([["SIZE", "10"], ["RET", "hdrs"], ["ENVID", "x+2By"], ["BODY", "8BITMIME"], ["SMTPUTF8", true]]);
    expect(readMessageDsn(parameters)).toEqual({ ret: "HDRS", envid: "x+y" });
    expect(readMessageDsn(readEsmtpParameters("MAIL FROM:<a@example.com> SIZE=10"))).toBeNull();
    const rcpt = readEsmtpParameters("RCPT TO:<b@example.net> NOTIFY=success,delay ORCPT=rfc822;b+2Bc@example.net");
    expect(checkRcptDsnParameters(rcpt)).toBeNull();
    expect(readRecipientDsn(rcpt)).toEqual({ notify: ["SUCCESS", "DELAY"], orcpt: "rfc822;b+c@example.net" });
  });

  it.each([" RET=BODY", " RET", " ENVID=", " ENVID=a+zz", ` ENVID=${"e".repeat(101)}`])("refuses MAIL FROM parameters %j", (parameters) => {
    expect(checkMailDsnParameters(readEsmtpParameters(`MAIL FROM:<a@example.com>${parameters}`))).toMatch(/RFC 3461/);
  });

  it.each([" NOTIFY=NEVER,DELAY", " NOTIFY=", " NOTIFY", " NOTIFY=DELAY,DELAY", " ORCPT=a@b", " ORCPT=;a@b", " ORCPT=rfc822;", " ORCPT=rfc822;a=b", ` ORCPT=rfc822;${"o".repeat(500)}`])(
    "refuses RCPT TO parameters %j",
    (parameters) => {
      expect(checkRcptDsnParameters(readEsmtpParameters(`RCPT TO:<b@example.net>${parameters}`))).toMatch(/RFC 3461/);
    },
  );

  it("writes them back in wire form, nothing when nothing was asked", () => {
    expect(formatMailDsnParameters({ ret: "FULL", envid: "id=1 +" })).toBe(" RET=FULL ENVID=id+3D1+20+2B");
    expect(formatMailDsnParameters({ ret: null, envid: "x" })).toBe(" ENVID=x");
    expect(formatMailDsnParameters(null)).toBe("");
    expect(formatRcptDsnParameters({ notify: ["SUCCESS", "FAILURE"], orcpt: "rfc822;a+b@example.net" })).toBe(" NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a+2Bb@example.net");
    expect(formatRcptDsnParameters({ notify: null, orcpt: null })).toBe("");
  });

  it("without NOTIFY a sender hears of failures (and delays) only (RFC 3461 §4.1)", () => {
    expect([wantsNotice(null, "FAILURE"), wantsNotice(null, "SUCCESS")]).toEqual([true, false]);
    expect([wantsNotice({ notify: ["NEVER"] }, "FAILURE"), wantsNotice({ notify: ["SUCCESS"] }, "SUCCESS"), wantsNotice({ notify: ["SUCCESS"] }, "FAILURE")]).toEqual([false, true, false]);
  });
});
