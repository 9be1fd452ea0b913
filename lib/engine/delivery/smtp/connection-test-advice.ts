import type { ConnectionTestStepName } from "./run-connection-test";
import type { SessionOptions } from "./session-options";

type FailedStep = { step: ConnectionTestStepName; error: unknown; options: Pick<SessionOptions, "port" | "encryption"> };

/**
 * OpenSSL's words when the first bytes back are not a TLS record: the server greeted in clear text ("220 …") on a
 * port where SSL/TLS (implicit TLS, RFC 8314) was expected.
 */
const PLAIN_TEXT_PEER = /wrong version number|packet length too long|unknown protocol|http request/i;

/**
 * A 421 closes the session (RFC 5321 §3.8, §4.2.2: "service not available, closing transmission channel"); any other
 * 4xx is a transient refusal (§4.2.1). Neither says anything about the settings, so the advice is to try later.
 */
const CLOSING_421 =
  "A temporary refusal (421): the server is closing the session — it is busy, over its connection or rate limit, or shutting down. Nothing in the settings needs to change: try again in a few minutes.";
const TEMPORARY_4XX =
  "A temporary refusal (4xx): the server is busy, rate limiting, greylisting, or has too many connections from this machine. Nothing in the settings needs to change: try again in a few minutes.";

const NEEDS_TLS_FOR_AUTH =
  'The server takes a password only over an encrypted connection: choose "STARTTLS" encryption (usual on ports 587 and 25), or SSL/TLS on port 465.';

/** The failure's text as the transcript shows it: OpenSSL's message for a clear-text peer gets plain words first. */
export function describeFailure({ step, error, options }: FailedStep): string {
  const text = messageOf(error);
  if (isPlainTextPeer(step, text, options)) return `the server answered in plain text, not TLS: it does not speak SSL/TLS on port ${options.port} (${oneLineOf(text)})`;
  return text;
}

/** What to change, in the admin's words, for the usual causes of each step's failure. */
export function adviceFor({ step, error, options }: FailedStep): string | undefined {
  const code = (error as { code?: string }).code;
  const reply = (error as { responseCode?: number }).responseCode;
  const text = messageOf(error);
  if (reply === 421) return CLOSING_421;
  if (reply !== undefined && reply >= 400 && reply < 500) return TEMPORARY_4XX;
  switch (step) {
    case "DNS":
      return code === "EDENIED" ? "This address is on the outbound deny list (link-local or OUTGATE_OUTBOUND_DENY)." : "Check the Server Address: the name does not resolve from this machine.";
    case "Connect":
      if (code === "ECONNREFUSED") return `Nothing accepts connections on port ${options.port}. Check the Port (25, 587 or 465) and that the server is running.`;
      if (code === "ETIMEDOUT") return "No answer: a firewall may drop the connection, or the address is wrong.";
      if (isPlainTextPeer(step, text, options)) {
        return `The server does not speak implicit TLS (SSL/TLS) on port ${options.port}: it answered in plain text. Choose "STARTTLS" encryption (usual on ports 587 and 25), or use port 465 for SSL/TLS.`;
      }
      return "Check the Server Address and Port.";
    case "TLS":
    case "STARTTLS":
      if (/altname|hostname|does not match/i.test(text)) return "The certificate is for another name: use that name as the Server Address, or turn off certificate verification if you trust this server.";
      if (/self[-_ ]signed|unable[_ ]to[_ ](get|verify)|issuer/i.test(text)) return "The certificate is not signed by a trusted authority: install a trusted certificate on the server, or turn off certificate verification.";
      if (/expired/i.test(text)) return "The server's certificate has expired.";
      return "Check the Encryption setting: SSL/TLS is for port 465, STARTTLS for 587 or 25.";
    case "Greeting":
      if (code === "ELOOP") return "This address and port lead to this Outgate's own SMTP listener, so mail would come back here. Enter the smarthost's address and port.";
      return "The server refused the session: it does not accept connections from this machine (its access rules or a block list).";
    case "EHLO":
      return "The server did not accept EHLO or HELO.";
    case "AUTH":
      // RFC 4954 §6: 538 "encryption required for requested authentication mechanism"; Postfix and Exchange say 530
      // 5.7.0 "Must issue a STARTTLS command first" — and many servers offer no AUTH at all before TLS.
      if (options.encryption === "NONE" && (reply === 538 || /STARTTLS|encrypt|\bTLS\b|offers no AUTH/i.test(text))) return NEEDS_TLS_FOR_AUTH;
      if (/535|credentials|invalid|failed/i.test(text)) return "The username or password is wrong.";
      if (/offers no AUTH|supports/i.test(text)) return "The server offers no mechanism Outgate supports: choose another Auth mechanism, or turn authentication off.";
      return "Check the Auth mechanism and the credentials.";
    case "MAIL FROM":
      return "The server refused the test sender: it may only relay for certain sender addresses or after authentication.";
    case "RCPT TO":
      return "The server refused the test recipient: it may not relay for this address (authentication, or the server's relay rules).";
    default:
      return undefined;
  }
}

/** Only the implicit-TLS handshake (inside Connect, or the TLS step) can meet a clear-text greeting. */
function isPlainTextPeer(step: ConnectionTestStepName, text: string, options: Pick<SessionOptions, "encryption">): boolean {
  return (step === "Connect" || step === "TLS") && options.encryption === "IMPLICIT_TLS" && PLAIN_TEXT_PEER.test(text);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function oneLineOf(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
