import { describe, expect, it } from "vitest";
import { adviceFor, describeFailure } from "./connection-test-advice";
import type { ConnectionTestStepName } from "./run-connection-test";
import { SmtpClientError, type SmtpStage } from "./smtp-client-error";

const PLAIN = { port: 2525, encryption: "NONE" } as const;
const IMPLICIT = { port: 587, encryption: "IMPLICIT_TLS" } as const;
const OPENSSL_WRONG_VERSION = "TLS: 803CE9DB0D7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n";

/** A refusal as runConnectionTest meets it: the server's reply kept on the error (SMTP errors are data). */
function refused(stage: SmtpStage, reply: string): SmtpClientError {
  const [code, enhanced, ...words] = reply.split(" ");
  return new SmtpClientError("EENVELOPE", stage, `refused: ${reply}`, { code: Number(code), enhanced, message: words.join(" "), text: reply, lines: [reply.slice(4)] });
}

const TEMPORARY = /temporary refusal \(4xx\).*busy, rate limiting, greylisting.*too many connections.*try again/i;
const CLOSING = /temporary refusal \(421\).*closing the session.*busy.*try again/i;
const NEEDS_TLS = /password only over an encrypted connection.*"STARTTLS".*587 and 25.*465/;

describe("adviceFor", () => {
  const cases: { name: string; step: ConnectionTestStepName; error: unknown; options?: typeof PLAIN | typeof IMPLICIT; advice: RegExp }[] = [
    { name: "421 at MAIL FROM is temporary, not a relay rule", step: "MAIL FROM", error: refused("MAIL", "421 4.3.2 Service temporarily unavailable, try later"), advice: CLOSING },
    { name: "451 at MAIL FROM is temporary", step: "MAIL FROM", error: refused("MAIL", "451 4.7.1 Rate limit exceeded"), advice: TEMPORARY },
    { name: "550 at MAIL FROM is the sender / relay permission", step: "MAIL FROM", error: refused("MAIL", "550 5.7.1 Sender not allowed"), advice: /refused the test sender.*relay for certain sender addresses or after authentication/ },
    { name: "421 at RCPT TO is temporary", step: "RCPT TO", error: refused("RCPT", "421 4.7.0 Too many connections"), advice: CLOSING },
    { name: "450 at RCPT TO (greylisting) is temporary", step: "RCPT TO", error: refused("RCPT", "450 4.2.0 Greylisted, try again later"), advice: TEMPORARY },
    { name: "554 at RCPT TO is the recipient / relay rules", step: "RCPT TO", error: refused("RCPT", "554 5.7.1 Relay access denied"), advice: /refused the test recipient.*relay/ },
    { name: "421 greeting is temporary", step: "Greeting", error: refused("greeting", "421 4.3.2 Too many connections"), advice: CLOSING },
    { name: "554 greeting means this machine is not accepted", step: "Greeting", error: refused("greeting", "554 5.7.1 No SMTP service here"), advice: /does not accept connections from this machine/ },
    { name: "454 at AUTH is temporary, not a wrong password", step: "AUTH", error: refused("AUTH", "454 4.7.0 Temporary authentication failure"), advice: TEMPORARY },
    { name: "535 at AUTH is the password", step: "AUTH", error: refused("AUTH", "535 5.7.8 Authentication credentials invalid"), advice: /username or password is wrong/ },
    { name: "538 at AUTH without encryption asks for STARTTLS", step: "AUTH", error: refused("AUTH", "538 5.7.11 Encryption required for requested authentication mechanism"), advice: NEEDS_TLS },
    { name: "530 'Must issue a STARTTLS command first' asks for STARTTLS", step: "AUTH", error: refused("AUTH", "530 5.7.0 Must issue a STARTTLS command first"), advice: NEEDS_TLS },
    { name: "no AUTH offered in clear text asks for STARTTLS", step: "AUTH", error: new SmtpClientError("EAUTH", "AUTH", "AUTH: the server offers no AUTH mechanism; Outgate supports PLAIN, LOGIN, CRAM-MD5"), advice: NEEDS_TLS },
    { name: "535 at AUTH without encryption is still the password", step: "AUTH", error: refused("AUTH", "535 5.7.8 Authentication credentials invalid"), advice: /username or password is wrong/ },
    { name: "454 to STARTTLS is temporary", step: "STARTTLS", error: refused("STARTTLS", "454 4.7.0 TLS not available due to temporary reason"), advice: TEMPORARY },
    { name: "421 at RSET is temporary", step: "RSET", error: refused("RSET", "421 4.4.2 Idle timeout"), advice: CLOSING },
    { name: "451 to EHLO is temporary", step: "EHLO", error: refused("EHLO", "451 4.3.0 Try later"), advice: TEMPORARY },
    { name: "a closed port names the port", step: "Connect", error: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), advice: /Nothing accepts connections on port 2525/ },
    {
      name: "SSL/TLS against a clear-text port suggests STARTTLS or port 465",
      step: "Connect",
      error: new SmtpClientError("ETLS", "TLS", OPENSSL_WRONG_VERSION),
      options: IMPLICIT,
      advice: /does not speak implicit TLS \(SSL\/TLS\) on port 587.*plain text.*"STARTTLS".*587 and 25.*port 465/,
    },
    { name: "another TLS failure at connect keeps the generic advice", step: "Connect", error: new SmtpClientError("ETLS", "TLS", "TLS: socket hang up"), options: IMPLICIT, advice: /Check the Server Address and Port/ },
  ];

  it.each(cases)("$name", ({ step, error, options, advice }) => {
    expect(adviceFor({ step, error, options: options ?? PLAIN })).toMatch(advice);
  });
});

describe("describeFailure", () => {
  it("puts OpenSSL's wrong version number into plain words, keeping the original on one line", () => {
    const detail = describeFailure({ step: "Connect", error: new SmtpClientError("ETLS", "TLS", OPENSSL_WRONG_VERSION), options: IMPLICIT });
    expect(detail).toMatch(/^the server answered in plain text, not TLS: it does not speak SSL\/TLS on port 587 \(TLS: .*wrong version number.*\)$/);
    expect(detail).not.toContain("\n");
  });

  it("leaves every other failure as it came", () => {
    expect(describeFailure({ step: "MAIL FROM", error: new Error("MAIL FROM refused: 550 no"), options: PLAIN })).toBe("MAIL FROM refused: 550 no");
  });
});
