import { SmarterMailError } from "./smartermail-error";

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "EPIPE",
  "ECONNABORTED",
]);

// OpenSSL verification codes surface as error.code on the socket error; the ERR_TLS_/ERR_SSL_ ones come
// from Node itself (hostname mismatch, or speaking TLS to a plain-HTTP port).
const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "CERT_SIGNATURE_FAILURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "EPROTO",
]);

const DESCRIPTIONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "DNS lookup failed (temporary)",
  ECONNRESET: "connection reset by the server",
  DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed certificate not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "self-signed certificate in the chain",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "certificate issuer not trusted",
  CERT_HAS_EXPIRED: "certificate has expired",
  ERR_TLS_CERT_ALTNAME_INVALID: "certificate does not match the host name",
};

/**
 * Turns a socket/TLS/DNS error from node:http(s) into a SmarterMailError. Pure, so the table is tested
 * without a network. `target` names the host for the tooltip.
 */
export function classifyNetworkError(error: unknown, target: string): SmarterMailError {
  if (error instanceof SmarterMailError) return error;
  const code = readCode(error);
  if (code === "EDENIED") {
    return new SmarterMailError("denied", `${target}: not an allowed destination (link-local, or listed in OUTGATE_OUTBOUND_DENY)`, { cause: error });
  }
  const text = error instanceof Error ? error.message : String(error);
  const reason = DESCRIPTIONS[code] ?? text;
  const details = `${target}: ${reason}${code && !reason.includes(code) ? ` (${code})` : ""}`;

  if (code === "ETIMEDOUT" || code === "ABORT_ERR" || isAbort(error)) {
    return new SmarterMailError("timeout", `${target}: no answer in time`, { cause: error });
  }
  if (UNREACHABLE_CODES.has(code)) return new SmarterMailError("unreachable", details, { cause: error });
  if (TLS_CODES.has(code) || code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_") || code.startsWith("CERT_")) {
    return new SmarterMailError("tls", details, { cause: error });
  }
  // Anything else at socket level (EADDRNOTAVAIL, ...) still means "we could not talk to it".
  return new SmarterMailError("unreachable", details, { cause: error });
}

function readCode(error: unknown): string {
  if (typeof error !== "object" || error === null || !("code" in error)) return "";
  return typeof error.code === "string" ? error.code : "";
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}
