import { describe, expect, it } from "vitest";
import { describeAttempt } from "./describe-attempt";

// Responses as the delivery log holds them: the engine's reasons (lib/engine/delivery/classify-smtp-error.ts and the
// SMTP client's messages) or the gateway's own reply.
const CASES: [string, { outcome: string; smtpCode: number | null; response: string }, string][] = [
  [
    "a partial delivery: the other recipient's 250 is not part of the refused one's cause",
    { outcome: "PARTIAL", smtpCode: 550, response: "ok@dest.example: 250 2.0.0 Ok: queued as 4F2A; nobody@dest.example: 550 5.1.1 <nobody@dest.example>: Recipient address rejected: User unknown" },
    "Accepted for ok@dest.example. nobody@dest.example: The recipient's mailbox does not exist (550 5.1.1): <nobody@dest.example>: Recipient address rejected: User unknown.",
  ],
  [
    "a partial delivery with one recipient deferred and one refused",
    { outcome: "PARTIAL", smtpCode: 450, response: "a@dest.example: 450 4.2.0 Mailbox busy; b@dest.example: 250 Ok; c@dest.example: 554 5.7.1 Relay access denied" },
    "Accepted for b@dest.example. a@dest.example: The gateway deferred the message for now (450 4.2.0): Mailbox busy. Outgate retries on the schedule. c@dest.example: The gateway refused the message by policy (554 5.7.1), e.g. relaying denied or the sender not allowed: Relay access denied.",
  ],
  [
    "a partial attempt whose response is not per recipient is described whole",
    { outcome: "PARTIAL", smtpCode: 550, response: "550 5.1.1 User unknown" },
    "The recipient's mailbox does not exist (550 5.1.1): User unknown.",
  ],
  [
    "a wrong password",
    { outcome: "FAILOVER", smtpCode: 535, response: "auth: the server offers PLAIN LOGIN; PLAIN refused with 535 5.7.8 Error: authentication failed" },
    "The gateway refused the password (535 5.7.8): check the gateway's Auth Username and Auth Password.",
  ],
  [
    "a refused mechanism after another try (the last reply's codes)",
    { outcome: "FAILOVER", smtpCode: 504, response: "auth: the server offers PLAIN; PLAIN refused with 504 5.5.4 Unrecognized authentication type" },
    "The gateway refused the login mechanism (504 5.5.4); it offers PLAIN: choose another Auth mechanism, or Auto, under Advanced.",
  ],
  [
    "a gateway without AUTH",
    { outcome: "FAILOVER", smtpCode: null, response: "auth: the server offers no AUTH mechanism (it offers PIPELINING SIZE 10485760)" },
    "Authentication is on, but the gateway offers no way to log in (no AUTH; it offers PIPELINING SIZE 10485760). Turn authentication off for this gateway, or check the port (submission is usually 587).",
  ],
  [
    "no mechanism in common",
    { outcome: "FAILOVER", smtpCode: null, response: "auth: the server offers XOAUTH2; Outgate supports PLAIN, LOGIN, CRAM-MD5" },
    "The gateway offers no login mechanism Outgate supports (XOAUTH2; Outgate supports PLAIN, LOGIN and CRAM-MD5).",
  ],
  [
    "opportunistic STARTTLS not offered with a password",
    { outcome: "FAILOVER", smtpCode: null, response: "tls: STARTTLS: the gateway does not offer STARTTLS (it offers PIPELINING AUTH PLAIN), so the password would go in clear text; not authenticating" },
    "STARTTLS required but not offered: the gateway did not offer STARTTLS (it offers PIPELINING AUTH PLAIN). Outgate does not send the password unencrypted, so it tried the next gateway.",
  ],
  [
    "required STARTTLS not offered",
    { outcome: "FAILOVER", smtpCode: null, response: "tls: STARTTLS: the gateway does not offer STARTTLS (it offers SIZE) and encryption is required" },
    "STARTTLS required but not offered: the gateway did not offer STARTTLS (it offers SIZE). Encryption is set to STARTTLS (required), so nothing was sent.",
  ],
  [
    "STARTTLS refused",
    { outcome: "FAILOVER", smtpCode: 454, response: "tls: STARTTLS refused and encryption is required: 454 4.7.0 TLS not available" },
    "The gateway refused STARTTLS (454 4.7.0), so the connection could not be encrypted.",
  ],
  [
    "an untrusted certificate",
    { outcome: "FAILOVER", smtpCode: null, response: "tls: STARTTLS: self-signed certificate" },
    "The gateway's TLS certificate was not accepted (self-signed certificate). Fix the certificate, or turn off Verify certificate if you trust the network.",
  ],
  [
    "a refused connection",
    { outcome: "FAILOVER", smtpCode: null, response: "connection: connect: connect ECONNREFUSED 127.0.0.1:2525" },
    "Connection refused by 127.0.0.1:2525: nothing accepts connections on that address and port.",
  ],
  [
    "a connect timeout",
    { outcome: "FAILOVER", smtpCode: null, response: "connection: connect: no connection to 192.0.2.1:25 within 30 s" },
    "No connection to 192.0.2.1:25 within 30 seconds (the connect timeout): the gateway is down or a firewall drops the traffic.",
  ],
  [
    "an unknown host name",
    { outcome: "FAILOVER", smtpCode: null, response: "connection: connect: getaddrinfo ENOTFOUND smtp.invalid" },
    "The gateway's name smtp.invalid could not be found in DNS.",
  ],
  [
    "a greeting that never comes",
    { outcome: "FAILOVER", smtpCode: null, response: "connection: greeting: timed out, no answer within 300 s" },
    "The gateway did not send its greeting (220) within 5 minutes (the greeting timeout).",
  ],
  [
    "a stalled data block",
    { outcome: "FAILOVER", smtpCode: null, response: "connection: data block: timed out, the gateway took no data for 180 s" },
    "The gateway stopped taking the message's data for 3 minutes (the data block timeout); nothing was delivered.",
  ],
  [
    "a connection closed during RCPT",
    { outcome: "FAILOVER", smtpCode: null, response: "connection: RCPT: the gateway closed the connection" },
    "The gateway closed the connection during RCPT TO.",
  ],
  [
    "an end of data without answer",
    { outcome: "UNKNOWN", smtpCode: null, response: "outcome unknown: no answer to the end of data within 600 s — the gateway may have accepted the message; it may be delivered twice" },
    "Outcome unknown: the gateway did not answer the end of the message within 10 minutes; it may have accepted it, so it may be delivered twice.",
  ],
  [
    "an end of data cut off (recorded as DEFERRED by an older build)",
    { outcome: "DEFERRED", smtpCode: null, response: "outcome unknown: the connection was lost before the gateway answered the end of data — the gateway may have accepted the message" },
    "Outcome unknown: the connection ended before the gateway answered the end of the message; it may have accepted it, so it may be delivered twice.",
  ],
  [
    "a connection limit",
    { outcome: "FAILOVER", smtpCode: 421, response: "session: greeting: connection refused, over the gateway's connection limit: 421 4.3.2 Too many concurrent connections" },
    "Too many connections: the gateway limits concurrent sessions (421 4.3.2). Outgate lowers its connections to it for a while; lower Max connections under Advanced if this keeps happening.",
  ],
  [
    "a gateway that is Outgate's own listener",
    {
      outcome: "FAILOVER",
      smtpCode: null,
      response: "session: greeting: this gateway is Outgate's own SMTP listener (its greeting carries this installation's mark, og-624099d8c87966c0): mail relayed there would come back here, a mail loop (RFC 5321 section 6.3); point the gateway at the smarthost instead",
    },
    "This gateway is Outgate's own SMTP listener, so mail sent there would come back here (a mail loop): Outgate sent nothing to it. Change the gateway's address or port to the smarthost's.",
  ],
  [
    "a refused greeting",
    { outcome: "FAILOVER", smtpCode: 554, response: "session: greeting: session refused: 554 5.7.1 No SMTP service here" },
    "The gateway refused the session in its greeting (554 5.7.1): No SMTP service here.",
  ],
  [
    "a 421 mid-session",
    { outcome: "FAILOVER", smtpCode: 421, response: "session: 421 4.4.2 Idle timeout, closing" },
    "The gateway closed the session (421 4.4.2): it is busy or shutting down.",
  ],
  [
    "a message over SIZE (today's wording)",
    { outcome: "FAILED", smtpCode: null, response: "message: SIZE: the message is 22544384 bytes and the gateway accepts at most 10485760 bytes (EHLO SIZE 10485760, RFC 1870); not sent" },
    "Message larger than the gateway's limit (SIZE 10 MB): it is 21.5 MB, so it was not sent.",
  ],
  [
    "a message over SIZE (a size: prefix)",
    { outcome: "FAILED", smtpCode: null, response: "size: the message is 22544384 bytes and the gateway accepts at most 10485760 bytes" },
    "Message larger than the gateway's limit (SIZE 10 MB): it is 21.5 MB, so it was not sent.",
  ],
  [
    "8-bit content without 8BITMIME",
    { outcome: "FAILED", smtpCode: null, response: "message: 8BITMIME: the message has 8-bit bytes, the gateway does not offer 8BITMIME (RFC 6152) and only a single text part can be re-encoded to 7 bits; not sent" },
    "The message has 8-bit content, the gateway does not offer 8BITMIME, and it could not be re-encoded to 7 bits: not sent.",
  ],
  [
    "UTF-8 without SMTPUTF8",
    { outcome: "FAILED", smtpCode: null, response: "message: SMTPUTF8: the message has UTF-8 in its sender address or header fields; not sent" },
    "The message needs SMTPUTF8 (non-ASCII addresses or header fields) and the gateway does not offer it: not sent.",
  ],
  [
    "the gateway's own 552",
    { outcome: "FAILED", smtpCode: 552, response: "552 5.3.4 Message size exceeds fixed limit" },
    "Message larger than the gateway's limit (552 5.3.4): Message size exceeds fixed limit.",
  ],
  [
    "an unknown mailbox",
    { outcome: "FAILED", smtpCode: 550, response: "550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown" },
    "The recipient's mailbox does not exist (550 5.1.1): <nobody@example.net>: Recipient address rejected: User unknown.",
  ],
  [
    "relaying denied",
    { outcome: "FAILED", smtpCode: 554, response: "554 5.7.1 <x@example.net>: Relay access denied" },
    "The gateway refused the message by policy (554 5.7.1), e.g. relaying denied or the sender not allowed: <x@example.net>: Relay access denied.",
  ],
  [
    "greylisting",
    { outcome: "DEFERRED", smtpCode: 451, response: "451 4.7.1 Greylisted, try again later" },
    "The gateway deferred the message for now (451 4.7.1): Greylisted, try again later. Outgate retries on the schedule.",
  ],
  [
    "authentication required",
    { outcome: "FAILOVER", smtpCode: 530, response: "530 5.7.0 Authentication required" },
    "The gateway requires authentication (530 5.7.0): turn on authentication for this gateway.",
  ],
  [
    "a delivery",
    { outcome: "DELIVERED", smtpCode: 250, response: "250 2.0.0 Ok: queued as 1A2B3C" },
    "Accepted by the gateway (250 2.0.0).",
  ],
  [
    "no gateway for the domain",
    { outcome: "DEFERRED", smtpCode: null, response: "No usable gateway: no enabled gateway routes this sender domain" },
    "No enabled gateway routes this sender's domain: enable a gateway, or assign the domain to one. The message stays queued.",
  ],
  [
    "unreadable credentials",
    { outcome: "FAILOVER", smtpCode: null, response: "config: Unsupported state or unable to authenticate data" },
    "Outgate could not use this gateway's stored settings (Unsupported state or unable to authenticate data). If OUTGATE_SECRET_KEY changed, enter the gateway's password again.",
  ],
];

describe("describeAttempt", () => {
  it.each(CASES)("words %s", (_case, attempt, sentence) => {
    expect(describeAttempt(attempt)).toBe(sentence);
  });

  it("names the answer rule that fired after the cause", () => {
    const sentence = describeAttempt({ outcome: "DEFERRED", smtpCode: 450, response: "450 4.2.1 receiving mail at a rate", ruleFired: 'Rule "Gmail": defer the message 30 min (not counted as an attempt)' });
    expect(sentence).toMatch(/ Rule "Gmail": defer the message 30 min \(not counted as an attempt\)\.$/);
  });
});
