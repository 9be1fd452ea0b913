import { describe, expect, it } from "vitest";
import { classifySmtpError, classifySmtpResponseCode, parseSmtpResponseCode } from "./classify-smtp-error";
import { SmtpClientError, type SmtpStage } from "./smtp/smtp-client-error";
import { ReplyReader, type SmtpReply } from "./smtp/smtp-reply";

/** An error as Outgate's SMTP client makes it: code, stage, and the server's reply when there was one. */
function smtpError(message: string, code: string, response?: string, stage: SmtpStage = "MAIL") {
  return new SmtpClientError(code, stage, response ? `${message}: ${response}` : message, response ? reply(response) : null);
}

function reply(text: string): SmtpReply {
  let parsed: SmtpReply | undefined;
  new ReplyReader((r) => (parsed = r), () => undefined).feed(Buffer.from(`${text}\r\n`));
  return parsed!;
}

function nodeError(message: string, code: string) {
  return Object.assign(new Error(message), { code });
}

const cases: Array<[string, unknown, "failover" | "retry" | "permanent", number | undefined, string]> = [
  // Connection level: the gateway is unreachable, try the next one.
  ["refused (pool socket)", smtpError("connect ECONNREFUSED 127.0.0.1:2525", "ESOCKET", undefined, "connect"), "failover", undefined, "connection"],
  ["refused (raw node)", nodeError("connect ECONNREFUSED 127.0.0.1:2525", "ECONNREFUSED"), "failover", undefined, "connection"],
  ["reset", nodeError("read ECONNRESET", "ECONNRESET"), "failover", undefined, "connection"],
  ["broken pipe", nodeError("write EPIPE", "EPIPE"), "failover", undefined, "connection"],
  ["host unreachable", nodeError("connect EHOSTUNREACH 10.0.0.1:25", "EHOSTUNREACH"), "failover", undefined, "connection"],
  ["connection timeout", smtpError("Connection timeout", "ETIMEDOUT", undefined, "connect"), "failover", undefined, "connection"],
  ["greeting timeout", smtpError("Greeting never received", "ETIMEDOUT", undefined, "connect"), "failover", undefined, "connection"],
  ["idle socket timeout", smtpError("Timeout", "ETIMEDOUT", undefined, "connect"), "failover", undefined, "connection"],
  ["dns failure", smtpError("getaddrinfo ENOTFOUND smtp.invalid", "EDNS", undefined, "connect"), "failover", undefined, "connection"],
  ["dns not found (raw)", nodeError("getaddrinfo ENOTFOUND smtp.invalid", "ENOTFOUND"), "failover", undefined, "connection"],
  ["dns try again", nodeError("getaddrinfo EAI_AGAIN smtp.example", "EAI_AGAIN"), "failover", undefined, "connection"],
  ["closed unexpectedly", smtpError("Connection closed unexpectedly", "ECONNECTION", undefined, "connect"), "failover", undefined, "connection"],
  ["closed after 421", smtpError("Connection closed unexpectedly", "ECONNECTION", "421 4.3.2 Shutting down", "connect"), "failover", 421, "connection"],
  ["error without a code", new Error("Unexpected socket close"), "failover", undefined, "connection"],
  ["stage timeout", smtpError("RCPT: no answer within 300 s", "ETIMEDOUT", undefined, "RCPT"), "failover", undefined, "connection"],
  ["lost mid-session", smtpError("DATA: the gateway closed the connection", "ECONNECTION", undefined, "DATA"), "failover", undefined, "connection"],
  ["unreadable reply", smtpError("MAIL: the server sent something that is not an SMTP reply", "EPROTOCOL"), "failover", undefined, "session"],
  // TLS: the configured security cannot be met, which is this gateway's problem.
  ["starttls refused", smtpError("Error upgrading connection with STARTTLS", "ETLS", "502 5.5.1 Error: command not recognized", "STARTTLS"), "failover", 502, "tls"],
  ["starttls cert rejected", smtpError("Error initiating TLS - self-signed certificate", "ETLS", undefined, "STARTTLS"), "failover", undefined, "tls"],
  ["implicit tls cert rejected", smtpError("self-signed certificate", "ESOCKET", undefined, "connect"), "failover", undefined, "tls"],
  ["implicit tls wrong version", smtpError("wrong version number", "ESOCKET", undefined, "connect"), "failover", undefined, "connection"],
  ["tls hostname mismatch", nodeError("Hostname/IP does not match certificate's altnames", "ERR_TLS_CERT_ALTNAME_INVALID"), "failover", undefined, "tls"],
  ["expired cert", nodeError("certificate has expired", "CERT_HAS_EXPIRED"), "failover", undefined, "tls"],
  ["requiretls unsupported", smtpError("Server does not support REQUIRETLS extension (RFC 8689)", "EREQUIRETLS", undefined, "MAIL"), "failover", undefined, "tls"],
  ["ehlo refused under requireTLS", smtpError("EHLO failed but HELO does not support required STARTTLS", "ECONNECTION", "500 unrecognized", "EHLO"), "failover", 500, "tls"],
  // AUTH: wrong credentials on one gateway should not bounce mail.
  ["auth 535", smtpError("Invalid login", "EAUTH", "535 5.7.8 Error: authentication failed", "AUTH"), "failover", 535, "auth"],
  ["auth 454", smtpError("Invalid login", "EAUTH", "454 4.7.0 Temporary authentication failure", "AUTH"), "failover", 454, "auth"],
  ["auth login sequence", smtpError('Invalid login sequence while waiting for "334 UGFzc3dvcmQ6"', "EAUTH", "535 bad", "AUTH"), "failover", 535, "auth"],
  ["auth missing creds", smtpError('Missing credentials for "PLAIN"', "EAUTH", undefined, "message"), "failover", undefined, "auth"],
  ["auth required at MAIL", smtpError("Mail command failed", "EENVELOPE", "530 5.7.0 Authentication required", "MAIL"), "failover", 530, "session"],
  // Session refused at greeting or mid-session.
  ["connection limit greeting", smtpError("greeting: connection refused, over the gateway's connection limit", "ECONNLIMIT", "421 4.3.2 Too many connections", "greeting"), "failover", 421, "session"],
  ["greeting 421", smtpError("Invalid greeting. response=421 Try later", "EPROTOCOL", "421 Try later", "connect"), "failover", 421, "session"],
  ["greeting 554", smtpError("Invalid greeting. response=554 No SMTP service", "EPROTOCOL", "554 No SMTP service", "connect"), "failover", 554, "session"],
  ["own listener (a loop)", smtpError("greeting: this gateway is Outgate's own SMTP listener", "ELOOP"), "failover", undefined, "session"],
  ["ehlo 421", smtpError("Server terminates connection", "ECONNECTION", "421 4.7.0 Too busy", "EHLO"), "failover", 421, "connection"],
  ["helo rejected", smtpError("Invalid HELO", "EPROTOCOL", "501 Syntax", "EHLO"), "failover", 501, "session"],
  ["rset failed", smtpError("Could not reset session state", "EPROTOCOL", "451 busy", "RSET"), "failover", 451, "session"],
  ["421 at MAIL FROM", smtpError("Mail command failed", "EENVELOPE", "421 4.3.0 Closing", "MAIL"), "failover", 421, "session"],
  // Recipient / message replies: 4xx retry, 5xx bounce.
  ["rcpt 450", smtpError("Can't send mail - all recipients were rejected", "EENVELOPE", "450 4.2.0 Mailbox busy", "RCPT"), "retry", 450, "smtp"],
  ["rcpt 451 greylist", smtpError("Recipient command failed", "EENVELOPE", "451 4.7.1 Greylisted", "RCPT"), "retry", 451, "smtp"],
  ["rcpt 452 too many", smtpError("Recipient command failed", "EENVELOPE", "452 4.5.3 Too many recipients", "RCPT"), "retry", 452, "smtp"],
  ["rcpt 550", smtpError("Can't send mail - all recipients were rejected", "EENVELOPE", "550 5.1.1 User unknown", "RCPT"), "permanent", 550, "smtp"],
  ["rcpt 553", smtpError("Recipient command failed", "EENVELOPE", "553 5.1.3 Bad address syntax", "RCPT"), "permanent", 553, "smtp"],
  ["mail from 550", smtpError("Mail command failed", "EENVELOPE", "550 5.7.1 Sender rejected", "MAIL"), "permanent", 550, "smtp"],
  ["mail from 451", smtpError("Mail command failed", "EENVELOPE", "451 4.3.0 Try again", "MAIL"), "retry", 451, "smtp"],
  ["data command 554", smtpError("Data command failed", "EENVELOPE", "554 5.5.1 No valid recipients", "DATA"), "permanent", 554, "smtp"],
  ["message 552 size", smtpError("Message failed", "EMESSAGE", "552 5.3.4 Message too big", "DATA"), "permanent", 552, "smtp"],
  ["message 554 spam", smtpError("Message failed", "EMESSAGE", "554 5.7.1 Spam detected", "DATA"), "permanent", 554, "smtp"],
  ["message 451", smtpError("Message failed", "EMESSAGE", "451 4.3.0 Queue full", "DATA"), "retry", 451, "smtp"],
  ["responseCode only", Object.assign(new Error("x"), { responseCode: 452 }), "retry", 452, "smtp"],
  // No answer to the end of data: the gateway may have the message. Deferred, never failed over.
  ["outcome unknown", smtpError("outcome unknown: no answer to the end of data within 600 s", "EOUTCOME", undefined, "end of data"), "retry", undefined, "outcome unknown"],
  // Local refusals: nothing to retry.
  ["over the gateway's SIZE", smtpError("5.3.4 SIZE: the message is 2000 bytes and the gateway accepts at most 1000 bytes", "ECAPABILITY", undefined, "message"), "permanent", undefined, "message"],
  ["8-bit without 8BITMIME", smtpError("5.6.3 8BITMIME: the message has 8-bit bytes and the gateway does not offer 8BITMIME", "ECAPABILITY", undefined, "message"), "permanent", undefined, "message"],
  ["UTF-8 without SMTPUTF8", smtpError("5.6.9 SMTPUTF8: the message has UTF-8 header fields and the gateway does not offer SMTPUTF8", "ECAPABILITY", undefined, "message"), "permanent", undefined, "message"],
  ["invalid recipient", smtpError('Invalid recipient "a\\nb"', "EENVELOPE", undefined, "message"), "permanent", undefined, "message"],
  ["no recipients", smtpError("No recipients defined", "EENVELOPE", undefined, "message"), "permanent", undefined, "message"],
  ["size over SIZE limit", smtpError("Message size larger than allowed 1000", "EMESSAGE", undefined, "MAIL"), "permanent", undefined, "message"],
  // Anything unexpected: the next gateway might do better; the queue retries if all fail.
  ["plain string", "boom", "failover", undefined, "unknown"],
  ["null", null, "failover", undefined, "unknown"],
];

describe("classifySmtpError", () => {
  it.each(cases)("%s", (_name, error, kind, code, reasonPrefix) => {
    const result = classifySmtpError(error);
    expect(result.kind).toBe(kind);
    expect(result.code).toBe(code);
    expect(result.reason.startsWith(`${reasonPrefix}:`)).toBe(true);
    expect(result.outcomeUnknown === true).toBe(reasonPrefix === "outcome unknown");
    // Only what this gateway's EHLO lacks sends the message on to the next gateway (issue 11); a server's refusal does not.
    expect(result.cannotTake === true).toBe((error as { code?: unknown } | null)?.code === "ECAPABILITY");
  });
});

describe("classifySmtpResponseCode", () => {
  it.each([
    [250, "success"],
    [251, "success"],
    [354, "success"],
    [421, "failover"],
    [450, "retry"],
    [451, "retry"],
    [452, "retry"],
    [530, "failover"],
    [550, "permanent"],
    [551, "permanent"],
    [552, "permanent"],
    [553, "permanent"],
    [554, "permanent"],
    [0, "retry"],
    [999, "retry"],
  ] as const)("%i → %s", (code, expected) => {
    expect(classifySmtpResponseCode(code)).toBe(expected);
  });
});

describe("parseSmtpResponseCode", () => {
  it.each([
    ["250 2.0.0 Ok", 250],
    ["550-5.1.1 first line\n550 5.1.1 last line", 550],
    ["  451 later", 451],
    ["hello", undefined],
    ["", undefined],
    [undefined, undefined],
  ] as const)("%j → %s", (response, expected) => {
    expect(parseSmtpResponseCode(response)).toBe(expected);
  });
});
