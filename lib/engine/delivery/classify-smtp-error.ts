import type { ClassifiedSmtpError, SmtpErrorKind } from "./types";

/** The fields of SmtpClientError (lib/engine/delivery/smtp/smtp-client-error.ts), the shape nodemailer's `_formatError` uses too. */
type SmtpErrorShape = {
  message?: unknown;
  code?: unknown;
  response?: unknown;
  responseCode?: unknown;
  command?: unknown;
};

// Our codes (named as nodemailer names them) and raw Node socket/DNS codes that mean "this gateway cannot be reached right now".
const CONNECTION_CODES = new Set([
  "ECONNECTION",
  "ESOCKET",
  "ETIMEDOUT",
  "EDNS",
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "EADDRNOTAVAIL",
]);

// A socket error during a TLS handshake can arrive with a socket code, so TLS trouble is also recognised by its text.
const TLS_MESSAGE = /certificate|self[- ]signed|\btls\b|\bssl\b|handshake|starttls|altname/i;
const TLS_CODE = /^(ETLS|ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_(GET|VERIFY)_)/;

/**
 * Classifies one SMTP reply code (RFC 5321 §4.2.1).
 * 421 is "service not available, closing transmission channel": the session is over, so the whole gateway is
 * skipped. 530 is "authentication required" (RFC 4954 §6): a gateway configuration problem, not the recipient's.
 */
export function classifySmtpResponseCode(code: number): "success" | SmtpErrorKind {
  if (code >= 200 && code < 400) return "success";
  if (code === 421 || code === 530) return "failover";
  if (code >= 500 && code < 600) return "permanent";
  // 4xx, and anything malformed: a later attempt may succeed.
  return "retry";
}

/** Reads the leading reply code of an SMTP response line such as "550 5.1.1 <x@y>: user unknown". */
export function parseSmtpResponseCode(response: string | undefined): number | undefined {
  const match = /^([2-5]\d\d)\b/.exec(response?.trim() ?? "");
  return match ? Number(match[1]) : undefined;
}

/** Turns any error from a send into a decision for the queue: fail over, retry later, or bounce. */
export function classifySmtpError(error: unknown): ClassifiedSmtpError {
  if (typeof error !== "object" || error === null) {
    return { kind: "failover", reason: `unknown: ${String(error)}` };
  }
  const shape = error as SmtpErrorShape;
  const code = typeof shape.code === "string" ? shape.code : "";
  const message = typeof shape.message === "string" ? shape.message.trim() : "";
  const responseCode = readResponseCode(shape);
  const withCode = (kind: SmtpErrorKind, reason: string): ClassifiedSmtpError =>
    responseCode === undefined ? { kind, reason } : { kind, reason, code: responseCode };

  // The end of data went unanswered: the gateway may have the message. Not the gateway's failure (no failover: the
  // next gateway would send a second copy at once) and not the recipient's: deferred, recorded as UNKNOWN.
  if (code === "EOUTCOME") return { kind: "retry", reason: message, outcomeUnknown: true };
  if (code === "EAUTH") return withCode("failover", `auth: ${message.replace(/^AUTH: /, "")}`);
  if (code === "ECONNLIMIT") return withCode("failover", `session: ${message}`);
  if (code === "ETLS" || code === "EREQUIRETLS" || TLS_CODE.test(code)) return withCode("failover", `tls: ${message}`);
  if (CONNECTION_CODES.has(code)) {
    return withCode("failover", `${TLS_MESSAGE.test(message) ? "tls" : "connection"}: ${message}`);
  }
  // Invalid greeting (e.g. "421"/"554" banner), failed HELO or RSET: the session never became usable.
  if (code === "EPROTOCOL") return withCode("failover", `session: ${message}`);
  // The gateway leads back to this Outgate: its fault, not the message's; another gateway may take the message.
  if (code === "ELOOP") return { kind: "failover", reason: `session: ${message}` };

  if (responseCode !== undefined) {
    const kind = classifySmtpResponseCode(responseCode);
    if (kind === "success") return { kind: "retry", reason: `unexpected: ${message}`, code: responseCode };
    return { kind, reason: `${kind === "failover" ? "session" : "smtp"}: ${message}`, code: responseCode };
  }

  // Refused here because this gateway's EHLO lacks what the message needs (SIZE, 8BITMIME, SMTPUTF8): retrying it
  // cannot help, but another gateway of the route may take it (deliverMessage tries it, issue 11); permanent only
  // when none can.
  if (code === "ECAPABILITY") return { kind: "permanent", reason: `message: ${message}`, cannotTake: true };
  // Local refusals without a server reply, e.g. an address that cannot go in the envelope. Retrying cannot help.
  if (code === "EENVELOPE" || code === "EMESSAGE") return { kind: "permanent", reason: `message: ${message}` };
  // Includes errors without a code.
  return { kind: "failover", reason: `${TLS_MESSAGE.test(message) ? "tls" : "connection"}: ${message || code}` };
}

function readResponseCode(shape: SmtpErrorShape): number | undefined {
  if (typeof shape.responseCode === "number" && shape.responseCode >= 100) return shape.responseCode;
  return typeof shape.response === "string" ? parseSmtpResponseCode(shape.response) : undefined;
}
