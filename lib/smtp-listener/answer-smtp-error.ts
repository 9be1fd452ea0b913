import { toAppError, type AppError } from "../platform/errors";
import { log } from "../platform/log";
import { MailLoopError } from "../submission/refuse-mail-loop";

/** An error for smtp-server's callbacks: `responseCode` is the reply code, the message starts with the enhanced code. */
export type SmtpReplyError = Error & { responseCode: number };

/** A reply: code, RFC 3463 enhanced status code, text. */
export type SmtpReply = { code: number; enhanced: string; text: string };

/**
 * The one map from a submission error to an SMTP reply, so SMTP clients learn what HTTP clients learn (RFC 5321 §4.2,
 * enhanced codes RFC 3463 / RFC 5248):
 * - sender not allowed for the credential, or not hosted here → 550 5.7.1 (never an open relay);
 * - message content refused (hygiene: bare CR, NUL, long line, bad header) → 550 5.6.0; a mail loop (too many
 *   Received fields) → 554 5.4.6, "routing loop detected" (Postfix answers "554 5.4.0 Error: too many hops");
 * - too large → 552 5.3.4; bad request → 501 5.5.4; not authenticated → 535 5.7.8;
 * - throttled → 451 4.7.0 (try again later); the database down, a conflict or our own fault → 451 4.3.0, so the client
 *   keeps the message and retries — an SMTP client must never lose mail because Outgate had a bad moment.
 * The text is the AppError's message (safe to show; an internal error's details are logged, not sent).
 */
export function answerSmtpError(error: unknown): SmtpReply {
  const appError = toAppError(error);
  if (appError.code === "internal") log("error", "smtp.internal_error", { error: (error as Error)?.stack ?? String(error) });
  // The intake's messages name the HTTP API's field ("raw: line 4 …"); over SMTP that field is the message itself.
  return { ...classify(appError), text: appError.message.replace(/^raw\b(?=[: ])/, "Message") };
}

function classify(error: AppError): { code: number; enhanced: string } {
  if (error instanceof MailLoopError) return { code: 554, enhanced: "5.4.6" };
  switch (error.code) {
    case "forbidden":
      return { code: 550, enhanced: "5.7.1" };
    case "unprocessable":
      // The sender's (or a header identity's) domain is not hosted here: a policy refusal, like forbidden.
      return /not hosted here|not a hosted domain/.test(error.message) ? { code: 550, enhanced: "5.7.1" } : { code: 550, enhanced: "5.6.0" };
    case "payload_too_large":
      return { code: 552, enhanced: "5.3.4" };
    case "bad_request":
    case "validation_failed":
      return { code: 501, enhanced: "5.5.4" };
    case "unauthorized":
      return { code: 535, enhanced: "5.7.8" };
    case "rate_limited":
      return { code: 451, enhanced: "4.7.0" };
    default:
      return { code: 451, enhanced: "4.3.0" };
  }
}

/** A reply as the error smtp-server's callbacks take (OutgateSmtpServer sends the enhanced code from its text). */
export function toSmtpReplyError({ code, enhanced, text }: SmtpReply): SmtpReplyError {
  return Object.assign(new Error(`${enhanced} ${toReplyText(text)}`), { responseCode: code });
}

/** Our messages' typography, spelled out in ASCII. */
const ASCII_SPELLINGS: Record<string, string> = { "§": "section ", "—": "-", "–": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "..." };

/**
 * Reply text is one line of printable US-ASCII (RFC 5321 §4.2; clients read it as ASCII or Latin-1, so UTF-8 arrives
 * as "Â§"): line breaks become spaces, known typography is spelled out, anything else becomes "?".
 */
function toReplyText(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/[§—–“”‘’…]/g, (character) => ASCII_SPELLINGS[character])
    .replace(/[^\x20-\x7e]/g, "?");
}
