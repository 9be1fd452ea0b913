export type SmarterMailErrorKind =
  | "unreachable"
  | "timeout"
  | "tls"
  | "auth_failed"
  | "unexpected_answer"
  | "http_error"
  | "denied"
  | "redirected";

/**
 * Short, user-facing wording per kind; the specifics go to `details` (shown in a tooltip). Neither ever holds text
 * from the remote answer (its body, its headers): the URL may point anywhere, and the console must not become a way
 * to read other servers (issue #12, kind 10). Details name only the host as configured and what Outgate saw.
 */
export const SMARTERMAIL_ERROR_MESSAGES: Record<SmarterMailErrorKind, string> = {
  unreachable: "unreachable",
  timeout: "timeout",
  tls: "TLS certificate error",
  auth_failed: "auth failed",
  unexpected_answer: "unexpected answer",
  http_error: "HTTP error",
  denied: "address not allowed",
  redirected: "redirected (not followed)",
};

/** Every failure of the SmarterMail client, so callers render one shape whatever went wrong. */
export class SmarterMailError extends Error {
  readonly kind: SmarterMailErrorKind;
  readonly details: string;

  constructor(kind: SmarterMailErrorKind, details: string, options?: { message?: string; cause?: unknown }) {
    super(options?.message ?? SMARTERMAIL_ERROR_MESSAGES[kind], { cause: options?.cause });
    this.name = "SmarterMailError";
    this.kind = kind;
    this.details = details;
  }
}

/** Plain, serialisable view of an error (server actions cannot return class instances). */
export type SmarterMailErrorData = { kind: SmarterMailErrorKind; message: string; details: string };

export function toSmarterMailErrorData(error: SmarterMailError): SmarterMailErrorData {
  return { kind: error.kind, message: error.message, details: error.details };
}
