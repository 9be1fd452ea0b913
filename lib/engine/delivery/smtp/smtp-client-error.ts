import type { SmtpReply } from "./smtp-reply";

/** Where in a session something went wrong, in the words an admin reads in the console. */
export type SmtpStage =
  | "connect"
  | "TLS"
  | "greeting"
  | "EHLO"
  | "STARTTLS"
  | "AUTH"
  | "MAIL"
  | "RCPT"
  | "DATA"
  | "data block"
  | "end of data"
  | "RSET"
  | "message";

/**
 * What went wrong, for classifySmtpError (the same names nodemailer uses where the meaning is the same):
 * ECONNECTION connection lost · ETIMEDOUT a stage timed out · ETLS encryption could not be had · EAUTH AUTH failed ·
 * EPROTOCOL the session was refused or the server made no sense · ECONNLIMIT the greeting refused a connection over
 * the gateway's limit · EENVELOPE MAIL/RCPT/DATA refused · EMESSAGE the server refused the message after the data ·
 * ECAPABILITY refused here before sending, because this gateway's EHLO lacks what it needs (SIZE, 8BITMIME,
 * SMTPUTF8): another gateway may take it · EOUTCOME no answer to the end of data: the gateway may
 * have accepted the message · ELOOP the gateway is Outgate's own listener (its greeting carries this installation's mark). Socket errors keep Node's code (ECONNREFUSED, ECONNRESET, ...).
 */
export type SmtpErrorCode =
  | "ECONNECTION"
  | "ETIMEDOUT"
  | "ETLS"
  | "EAUTH"
  | "EPROTOCOL"
  | "ECONNLIMIT"
  | "EENVELOPE"
  | "EMESSAGE"
  | "ECAPABILITY"
  | "EOUTCOME"
  | "ELOOP"
  | (string & {});

/** SMTP errors are data (code, stage, the server's reply), like nodemailer's `_formatError`. */
export class SmtpClientError extends Error {
  readonly code: SmtpErrorCode;
  readonly stage: SmtpStage;
  /** The server's reply, as received, when there was one. */
  readonly response?: string;
  readonly responseCode?: number;
  readonly enhancedCode?: string;

  constructor(code: SmtpErrorCode, stage: SmtpStage, message: string, reply?: SmtpReply | null) {
    super(message);
    this.name = "SmtpClientError";
    this.code = code;
    this.stage = stage;
    if (reply) {
      this.response = reply.text;
      this.responseCode = reply.code;
      if (reply.enhanced) this.enhancedCode = reply.enhanced;
    }
  }
}

/** "MAIL refused with 550 5.7.1 ..." style errors for a reply that ends a step. */
export function refusedBy(code: SmtpErrorCode, stage: SmtpStage, reply: SmtpReply, what = `${stage} refused`): SmtpClientError {
  return new SmtpClientError(code, stage, `${what}: ${oneLine(reply.text)}`, reply);
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " / ");
}
