import { describe, expect, it } from "vitest";
import { AppError } from "../platform/errors";
import { answerSmtpError, toSmtpReplyError } from "./answer-smtp-error";

describe("answerSmtpError", () => {
  it.each([
    [new AppError("forbidden", "This SMTP credential may not send for other.example."), 550, "5.7.1"],
    [new AppError("unprocessable", "The sender domain x.example is not hosted here; add it on the Domains page first."), 550, "5.7.1"],
    [new AppError("unprocessable", "The From header field names a@x.example, whose domain x.example is not hosted here; add it on the Domains page first."), 550, "5.7.1"],
    [new AppError("unprocessable", "raw: line 3 contains a NUL octet"), 550, "5.6.0"],
    [new AppError("payload_too_large", "The message is 30000 bytes; the limit is 20000."), 552, "5.3.4"],
    [new AppError("validation_failed", "Some fields are invalid."), 501, "5.5.4"],
    [new AppError("unauthorized", "Wrong username or password."), 535, "5.7.8"],
    [new AppError("rate_limited", "Too many messages this hour."), 451, "4.7.0"],
    [new AppError("unavailable", "The database is unavailable; try again shortly."), 451, "4.3.0"],
    [Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), 451, "4.3.0"],
  ])("%s → %i %s", (error, code, enhanced) => {
    expect(answerSmtpError(error)).toMatchObject({ code, enhanced });
  });

  it("names the message, not the HTTP API's field, in a refusal of its content", () => {
    expect(answerSmtpError(new AppError("unprocessable", "raw: line 4 contains a NUL octet")).text).toBe("Message: line 4 contains a NUL octet");
    expect(answerSmtpError(new AppError("unprocessable", "raw has no From header field")).text).toBe("Message has no From header field");
    expect(answerSmtpError(new AppError("unprocessable", "rawness is fine")).text).toBe("rawness is fine");
  });

  it("never sends an internal error's details: a temporary failure, so the client keeps the message", () => {
    expect(answerSmtpError(new TypeError("cannot read x of undefined"))).toEqual({ code: 451, enhanced: "4.3.0", text: "Something went wrong on our side." });
  });

  it("writes the enhanced code at the start of the error's text, on one line", () => {
    const error = toSmtpReplyError({ code: 550, enhanced: "5.7.1", text: "first\r\nsecond" });
    expect(error).toMatchObject({ responseCode: 550, message: "5.7.1 first second" });
  });

  it("replies in US-ASCII (RFC 5321 §4.2): section signs, dashes and other non-ASCII text are written out or replaced", () => {
    const error = toSmtpReplyError({ code: 550, enhanced: "5.6.0", text: "trace fields (RFC 5321 §4.4) — not “ours” ü\u0007" });
    expect(error.message).toBe('5.6.0 trace fields (RFC 5321 section 4.4) - not "ours" ??');
    expect(error.message).toMatch(/^[\x20-\x7e]*$/);
  });
});
