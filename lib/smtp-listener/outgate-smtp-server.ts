import type net from "node:net";
import type tls from "node:tls";
import { SMTPServer } from "smtp-server";
import { SMTPConnection, type SMTPConnectionOptions } from "smtp-server/lib/smtp-connection.js";
import { logSmtpRefusal } from "./log-smtp-refusal";
import { checkMailDsnParameters, checkRcptDsnParameters, readEsmtpParameters } from "../validation/dsn-request";

/** "5.7.1 text": an enhanced status code (RFC 3463) at the start of a reply's text. */
const ENHANCED_PREFIX = /^([245]\.\d{1,3}\.\d{1,3}) ([\s\S]*)$/;

/**
 * smtp-server's connection picks the enhanced status code of an error reply from the reply code alone (550 → 5.0.0),
 * so "sender not allowed" could not say 5.7.1. This connection takes an enhanced code written at the start of the
 * reply's text (toSmtpReplyError) as the one to send; every other reply is unchanged.
 */
export class OutgateSmtpConnection extends SMTPConnection {
  private explicitEnhancedCode: string | null = null;
  /** The command being answered ("MAIL FROM", "RCPT TO", "DATA" — its data included — …), for the refusal log. */
  private stage: string | null = null;

  override _onCommand(command: Buffer, callback?: () => void): void {
    const name = (command || "").toString().split(" ")[0].toUpperCase();
    // Any command names the stage from here on; one that is no word at all (binary, a 200-letter name) is UNKNOWN.
    this.stage = STAGES[name] ?? (/^[A-Z][A-Z0-9-]{0,15}$/.test(name) ? name : "UNKNOWN");
    super._onCommand(command, callback);
  }

  override send(code: number, data?: string | string[] | null, context?: string | false): void {
    // AUTH before STARTTLS on the submission port (disabled for the session until TLS, see authOnlyAfterTls) would
    // get smtp-server's "500 command not recognized"; RFC 3207 §4 says what to do instead.
    if (code === 500 && context === "AUTH" && !this.secure && this._isSupported("STARTTLS")) {
      logServerRefusal(this, 530, "5.7.0", "Must issue a STARTTLS command first", "AUTH");
      return this.send(530, "5.7.0 Must issue a STARTTLS command first", context);
    }
    const match = typeof data === "string" ? ENHANCED_PREFIX.exec(data) : null;
    if (!match) {
      // A refusal smtp-server makes itself (SIZE= past the limit, address syntax, too many bad commands…); the
      // handlers' own refusals carry an enhanced code in their text and are logged where they are made.
      const text = [data ?? ""].flat().join(" ");
      // Not the goodbye every open session hears when the listener stops.
      if (code >= 400 && text !== "Server shutting down") logServerRefusal(this, code, this._getEnhancedStatusCode(code, context) || "", text, this.stage ?? "CONNECT");
      return super.send(code, data, context);
    }
    // A reply before the session begins (context false: the connect refusal) gets no enhanced code from smtp-server;
    // ours goes out as written, in its text, and was logged where it was made.
    if (context === false) return super.send(code, data, context);
    this.explicitEnhancedCode = match[1];
    try {
      super.send(code, match[2], context);
    } finally {
      this.explicitEnhancedCode = null;
    }
  }

  // RFC 4954 §4: "An AUTH command issued during a mail transaction MUST be rejected with a 503 reply." Accepted, it
  // would file the message under a credential its MAIL FROM was never checked for.
  override handler_AUTH(command: Buffer, callback: () => void): void {
    if (!this.session.envelope?.mailFrom) return super.handler_AUTH(command, callback);
    const text = "AUTH is not allowed during a mail transaction; RSET first (RFC 4954 section 4)";
    logServerRefusal(this, 503, "5.5.1", text, "AUTH");
    this.send(503, `5.5.1 ${text}`, "AUTH");
    callback();
  }

  /** Ends a session that took too long (its data): 421 first, as RFC 5321 §3.8 asks, then the close; logged. */
  closeForTimeout(text: string): void {
    logServerRefusal(this, 421, "4.4.2", text, this.stage ?? "DATA");
    // smtp-server closes the connection after any 421.
    this.send(421, `4.4.2 ${text}`);
  }

  // DSN parameters (RFC 3461 §4) are checked as sent, before smtp-server decodes their xtext leniently (a stray "+" or
  // "=" would pass): a bad one is 501 5.5.4 (RFC 3463 §3.6: syntax error in parameters) and nothing of it is kept.
  override handler_MAIL(command: Buffer, callback: () => void): void {
    const parameters = readEsmtpParameters(command.toString("latin1"));
    const refusal = unsupportedParameter(parameters, MAIL_PARAMETERS) ?? badSyntax(checkMailDsnParameters(parameters));
    if (refusal) return refuseParameters(this, refusal, callback, "MAIL FROM");
    super.handler_MAIL(command, callback);
  }

  override handler_RCPT(command: Buffer, callback: () => void): void {
    const parameters = readEsmtpParameters(command.toString("latin1"));
    const refusal = unsupportedParameter(parameters, RCPT_PARAMETERS) ?? badSyntax(checkRcptDsnParameters(parameters));
    if (refusal) return refuseParameters(this, refusal, callback, "RCPT TO");
    super.handler_RCPT(command, callback);
  }

  override _getEnhancedStatusCode(code: number, context?: string | false): string {
    const standard = super._getEnhancedStatusCode(code, context);
    // Only where the server would send an enhanced code at all (ENHANCEDSTATUSCODES on, not a greeting or EHLO).
    return standard && this.explicitEnhancedCode ? this.explicitEnhancedCode : standard;
  }
}

/** The log's names of the commands a refusal can answer, as create-smtp-handlers.ts writes them. */
const STAGES: Record<string, string> = { MAIL: "MAIL FROM", RCPT: "RCPT TO" };

/**
 * The MAIL FROM and RCPT TO parameters of the extensions the listener offers: SIZE (RFC 1870), BODY (RFC 6152),
 * SMTPUTF8 (RFC 6531), RET/ENVID and NOTIFY/ORCPT (DSN, RFC 3461), AUTH (RFC 4954 §5).
 */
const MAIL_PARAMETERS = new Set(["SIZE", "BODY", "SMTPUTF8", "RET", "ENVID", "AUTH"]);
const RCPT_PARAMETERS = new Set(["NOTIFY", "ORCPT"]);
/** A refused parameter: its reply code (enhanced code 5.5.4, RFC 3463 §3.6, for both) and text. */
type ParameterRefusal = { code: 501 | 555; text: string };

/** A parameter no offered extension defines: 555, "not recognized or not implemented" (RFC 5321 §4.1.1.11). */
function unsupportedParameter(parameters: Map<string, string | true>, known: ReadonlySet<string>): ParameterRefusal | null {
  const unknown = [...parameters.keys()].find((name) => !known.has(name));
  return unknown === undefined ? null : { code: 555, text: `Unsupported parameter ${unknown.slice(0, 40)} (RFC 5321 section 4.1.1.11)` };
}

/** A known parameter with a bad value: 501, a syntax error in parameters. */
function badSyntax(problem: string | null): ParameterRefusal | null {
  return problem === null ? null : { code: 501, text: problem };
}

function refuseParameters(connection: SMTPConnection, { code, text }: ParameterRefusal, callback: () => void, stage: string): void {
  logServerRefusal(connection, code, "5.5.4", text, stage);
  connection.send(code, `5.5.4 ${text}`);
  callback();
}

/** logSmtpRefusal for a refusal made in the protocol layer: the credential is the session's user (the name onAuth gave). */
function logServerRefusal(connection: SMTPConnection, code: number, enhanced: string, reason: string, stage: string): void {
  const credential = typeof connection.session?.user === "string" ? connection.session.user : null;
  logSmtpRefusal({ session: connection.id, client: connection.remoteAddress, credential, stage, code, enhanced, reason });
}

/** smtp-server's SMTPServer with OutgateSmtpConnection for every session (the same steps as its own connect()). */
export class OutgateSmtpServer extends SMTPServer {
  override connect(socket: net.Socket | tls.TLSSocket, socketOptions?: SMTPConnectionOptions | null): void {
    const connection = new OutgateSmtpConnection(this, socket, socketOptions);
    this.connections.add(connection);
    connection.on("error", (error: Error) => this._onError(error));
    connection.on("connect", (data: Parameters<SMTPServer["_onClientConnect"]>[0]) => this._onClientConnect(data));
    connection.init();
  }
}
