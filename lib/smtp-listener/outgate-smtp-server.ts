import type net from "node:net";
import type tls from "node:tls";
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from "smtp-server";
import { SMTPConnection, type SMTPConnectionOptions } from "smtp-server/lib/smtp-connection.js";
import type { SmtpReply } from "./answer-smtp-error";
import { describeSessionRefusal } from "./count-sessions";
import { loggedAddress, type SmtpRefusal } from "./log-smtp-refusal";
import { checkMailDsnParameters, checkRcptDsnParameters } from "../validation/dsn-request";
import { readAddressCommand } from "../validation/smtp-address-command";

/** What the protocol layer asks of Outgate's handlers (createSmtpHandlers). */
export type OutgateSmtpHooks = {
  /** Each refusal, once: logged as smtp.rejected and counted as rejected for the overview. */
  recordRefusal(refusal: SmtpRefusal): void;
  /**
   * Whether the session may begin a transaction (a client, by AUTH or its IP-relay network; messages left in the
   * session), asked before anything of a MAIL FROM line is read: the refusal (the caller records it), or null. Never
   * rejects.
   */
  checkMailClient(session: SMTPServerSession): Promise<SmtpReply | null>;
};

/** A source route before the mailbox, "@relay.example,@other.example:" (RFC 5321 §4.1.2 A-d-l, ignored per appendix C). */
const SOURCE_ROUTE = /^@[^\s,:@]+(?:,@[^\s,:@]+)*:/;

/** "5.7.1 text": an enhanced status code (RFC 3463) at the start of a reply's text. */
const ENHANCED_PREFIX = /^([245]\.\d{1,3}\.\d{1,3}) ([\s\S]*)$/;

/**
 * smtp-server's own refusals, by their text, with the enhanced code RFC 3463 has for what happened — in place of the
 * one smtp-server guesses from the reply code (421 → 4.4.2, "bad connection") or none at all.
 */
const SERVER_REFUSAL_CODES = new Map([
  // RFC 2034 §3 puts a code on every reply after EHLO; smtp-server leaves it off when the unknown command is LHLO.
  ["Error: command not recognized", "5.5.2"],
  // An anti-abuse limit, as Postfix's smtpd_hard_error_limit answers it ("421 4.7.0 … Error: too many errors").
  ["Error: too many unrecognized commands", "4.7.0"],
  // X.5.0, other protocol status: the line is no command Outgate could read (the connection itself is fine).
  ["Error: Command line too long", "4.5.0"],
  // X.3.2, system not accepting network messages: the listener stops (closeTimeout, or a command while it does).
  ["Server shutting down", "4.3.2"],
]);

/**
 * smtp-server's connection picks the enhanced status code of an error reply from the reply code alone (550 → 5.0.0),
 * so "sender not allowed" could not say 5.7.1. This connection takes an enhanced code written at the start of the
 * reply's text (toSmtpReplyError) as the one to send, gives smtp-server's own refusals theirs, and records every
 * refusal it makes or sees made (OutgateSmtpHooks.recordRefusal) — except those of the handlers, recorded where made.
 */
export class OutgateSmtpConnection extends SMTPConnection {
  private explicitEnhancedCode: string | null = null;
  /** The command being answered ("MAIL FROM", "RCPT TO", "DATA" — its data included — …), for the refusal log. */
  private stage: string | null = null;
  /** The MAIL FROM / RCPT TO line being answered, for the refusal log's address; null for other commands. */
  private addressLine: string | null = null;

  constructor(
    server: SMTPServer,
    socket: net.Socket | tls.TLSSocket,
    options: SMTPConnectionOptions | null | undefined,
    private readonly hooks: OutgateSmtpHooks,
  ) {
    super(server, socket, options);
  }

  override _onCommand(command: Buffer, callback?: () => void): void {
    const line = (command || "").toString();
    const name = line.split(" ")[0].toUpperCase();
    this.addressLine = name === "MAIL" || name === "RCPT" ? line : null;
    // Any command names the stage from here on; one that is no word at all (binary, a 200-letter name) is UNKNOWN.
    this.stage = STAGES[name] ?? (/^[A-Z][A-Z0-9-]{0,15}$/.test(name) ? name : "UNKNOWN");
    super._onCommand(command, callback);
  }

  override send(code: number, data?: string | string[] | null, context?: string | false): void {
    // AUTH before STARTTLS on the submission port (disabled for the session until TLS, see authOnlyAfterTls) would
    // get smtp-server's "500 command not recognized"; RFC 3207 §4 says what to do instead.
    if (code === 500 && context === "AUTH" && !this.secure && this._isSupported("STARTTLS")) {
      return this.refuse({ code: 530, enhanced: "5.7.0", text: "Must issue a STARTTLS command first" }, "AUTH", context);
    }
    const match = typeof data === "string" ? ENHANCED_PREFIX.exec(data) : null;
    if (match) return this.sendWithEnhancedCode(code, match[1], match[2], context);
    const text = [data ?? ""].flat().join(" ");
    if (code < 400) return super.send(code, data, context);
    // smtp-server's own ceiling of connections per port (maxClients, see start-smtp-listener.ts), checked before the
    // session begins (context false) and answered without an enhanced code: it says what Outgate's limit says.
    if (code === 421 && context === false && text.includes("Too many connected clients")) {
      return this.refuse(describeSessionRefusal("total", this.name), "CONNECT", false);
    }
    // Any other refusal smtp-server makes itself (SIZE= past the limit, address syntax, an unknown command, the idle
    // timeout…), with the code it would send unless ours says better. Not recorded: the goodbye every open session
    // hears when the listener stops. A session that sent no command yet is in the GREETING stage (a timeout right
    // after it); CONNECT is the sessions refused at connect.
    const enhanced = SERVER_REFUSAL_CODES.get(text) ?? this._getEnhancedStatusCode(code, context);
    if (text === "Server shutting down") return this.sendWithEnhancedCode(code, enhanced, text, context);
    this.refuse({ code, enhanced, text }, this.stage ?? "GREETING", context);
  }

  /** Records a refusal and sends it with its enhanced code (none before the session begins: context false). */
  private refuse(reply: SmtpReply, stage: string, context?: string | false): void {
    const credential = typeof this.session?.user === "string" ? this.session.user : null;
    const address = this.addressLine === null ? null : refusedAddress(this.addressLine);
    this.hooks.recordRefusal({
      session: this.id,
      client: this.remoteAddress,
      credential,
      stage,
      code: reply.code,
      enhanced: reply.enhanced,
      reason: reply.text,
      ...(address === null ? {} : { address }),
    });
    this.sendWithEnhancedCode(reply.code, reply.enhanced, reply.text, context);
  }

  private sendWithEnhancedCode(code: number, enhanced: string, text: string, context?: string | false): void {
    // A reply before the session begins (context false: a connect refusal) gets no enhanced code from smtp-server;
    // ours goes out in its text.
    if (context === false) return super.send(code, enhanced ? `${enhanced} ${text}` : text, context);
    this.explicitEnhancedCode = enhanced;
    try {
      super.send(code, text, context);
    } finally {
      this.explicitEnhancedCode = null;
    }
  }

  // RFC 4954 §4: "An AUTH command issued during a mail transaction MUST be rejected with a 503 reply." Accepted, it
  // would file the message under a credential its MAIL FROM was never checked for.
  override handler_AUTH(command: Buffer, callback: () => void): void {
    if (!this.session.envelope?.mailFrom) return super.handler_AUTH(command, callback);
    this.refuse({ code: 503, enhanced: "5.5.1", text: "AUTH is not allowed during a mail transaction; RSET first (RFC 4954 section 4)" }, "AUTH", "AUTH");
    callback();
  }

  /** Ends a session that took too long (its data): 421 first, as RFC 5321 §3.8 asks, then the close; recorded. */
  closeForTimeout(text: string): void {
    // smtp-server closes the connection after any 421.
    this.refuse({ code: 421, enhanced: "4.4.2", text }, this.stage ?? "DATA");
  }

  // A client that may not send at all hears 530 (or the session's limit) before anything of its line is read, as
  // smtp-server's own AUTH requirement answers: the size limit and the parameters Outgate knows are for its clients.
  // Then the line's shape (RFC 5321 §4.1.2) and its DSN parameters (RFC 3461 §4), checked as sent, before smtp-server
  // decodes their xtext leniently (a stray "+" or "=" would pass).
  override handler_MAIL(command: Buffer, callback: () => void): void {
    void this.hooks.checkMailClient(this.session).then((refusal) => {
      if (refusal) {
        this.refuse(refusal, "MAIL FROM");
        return callback();
      }
      const problem = checkAddressCommand("MAIL FROM", command.toString("latin1"), MAIL_PARAMETERS, checkMailDsnParameters);
      if (problem) {
        this.refuse(problem, "MAIL FROM");
        return callback();
      }
      super.handler_MAIL(command, callback);
    });
  }

  override handler_RCPT(command: Buffer, callback: () => void): void {
    const problem = checkAddressCommand("RCPT TO", command.toString("latin1"), RCPT_PARAMETERS, checkRcptDsnParameters);
    if (problem) {
      this.refuse(problem, "RCPT TO");
      return callback();
    }
    super.handler_RCPT(command, callback);
  }

  // smtp-server splits the line at spaces and the address at "@", so a Quoted-string local part (RFC 5321 §4.1.2:
  // '"jane doe"@example.com', '"a@b"@example.com') never reached Outgate, which takes such addresses over HTTP too.
  // For a path with one, smtp-server reads the parameters (xtext, duplicates, control characters) with a stand-in
  // path, and the address is the path as sent, less any source route (§4.1.2, appendix C) — normaliseMailbox, in the
  // handlers, then checks it as it checks every address. Other paths are smtp-server's alone.
  override _parseAddressCommand(name: string, command: Buffer | string): ReturnType<SMTPConnection["_parseAddressCommand"]> {
    const line = command.toString();
    // Every MAIL FROM and RCPT TO comes here (the hot path), its shape already checked: a line without a quote is
    // smtp-server's without being read twice.
    if (!line.includes('"')) return super._parseAddressCommand(name, command);
    const read = readAddressCommand(name.toUpperCase() === "MAIL FROM" ? "MAIL FROM" : "RCPT TO", line);
    if ("problem" in read || !read.path.includes('"')) return super._parseAddressCommand(name, command);
    const parsed = super._parseAddressCommand(name, line.replace(read.path, "<quoted@local-part.invalid>"));
    return parsed && { ...parsed, address: read.path.slice(1, -1).replace(SOURCE_ROUTE, "") };
  }

  override _getEnhancedStatusCode(code: number, context?: string | false): string {
    // Ours wherever enhanced codes are on (ENHANCEDSTATUSCODES offered) and the session has begun.
    if (this.explicitEnhancedCode && context !== false && this._useEnhancedStatusCodes()) return this.explicitEnhancedCode;
    return super._getEnhancedStatusCode(code, context);
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

/**
 * The refusal of a MAIL FROM or RCPT TO line Outgate reads before smtp-server does, or null:
 * - not the command's syntax at all (no colon, …) → 501 5.5.2, a syntax error (RFC 3463 §3.6);
 * - no path in angle brackets (a bare address), or a quoted local part left open → 501 with 5.1.7 for the sender,
 *   5.1.3 for a recipient (§3.2: bad sender's / destination mailbox address syntax), as smtp-server and Postfix answer
 *   a bad address;
 * - a word after the path that is no parameter → 501 5.5.4, a syntax error in parameters;
 * - a parameter no offered extension defines → 555 5.5.4, "not recognized or not implemented" (RFC 5321 §4.1.1.11);
 * - a known one with a bad value → 501 5.5.4.
 */
function checkAddressCommand(verb: "MAIL FROM" | "RCPT TO", line: string, known: ReadonlySet<string>, checkDsn: (parameters: Map<string, string | true>) => string | null): SmtpReply | null {
  const read = readAddressCommand(verb, line);
  const sender = verb === "MAIL FROM";
  if ("problem" in read) {
    if (read.problem === "command") return { code: 501, enhanced: "5.5.2", text: `Syntax: ${verb}:<address> (RFC 5321 section ${sender ? "4.1.1.2" : "4.1.1.3"})` };
    if (read.problem === "path" || read.problem === "quote") {
      const fault =
        read.problem === "quote"
          ? `a quoted local part is not closed (a '"' missing or out of place), as in ${verb}:<"jane doe"@example.com>`
          : `write the address in angle brackets, ${verb}:<name@example.com>`;
      return { code: 501, enhanced: sender ? "5.1.7" : "5.1.3", text: `Bad ${sender ? "sender" : "recipient"} address syntax: ${fault} (RFC 5321 section 4.1.2)` };
    }
    return { code: 501, enhanced: "5.5.4", text: `Bad parameter syntax: ${quoteWord(read.parameter)} (RFC 5321 section 4.1.2)` };
  }
  const unknown = [...read.parameters.keys()].find((name) => !known.has(name));
  if (unknown !== undefined) return { code: 555, enhanced: "5.5.4", text: `Unsupported parameter ${quoteWord(unknown)} (RFC 5321 section 4.1.1.11)` };
  const problem = checkDsn(read.parameters);
  return problem === null ? null : { code: 501, enhanced: "5.5.4", text: problem };
}

/** The address a refused MAIL FROM / RCPT TO line names: its path when it has one, else what follows the colon. */
function refusedAddress(line: string): string {
  const read = readAddressCommand(/^MAIL/i.test(line) ? "MAIL FROM" : "RCPT TO", line);
  return loggedAddress("problem" in read ? line.slice(line.indexOf(":") + 1) : read.path);
}

/** A client's word in a reply: at most 40 characters, printable US-ASCII (RFC 5321 §4.2). */
function quoteWord(word: string): string {
  return word.slice(0, 40).replace(/[^\x21-\x7e]/g, "?");
}

/** smtp-server's SMTPServer with OutgateSmtpConnection for every session (the same steps as its own connect()). */
export class OutgateSmtpServer extends SMTPServer {
  constructor(
    options: SMTPServerOptions,
    private readonly hooks: OutgateSmtpHooks,
  ) {
    super(options);
  }

  override connect(socket: net.Socket | tls.TLSSocket, socketOptions?: SMTPConnectionOptions | null): void {
    const connection = new OutgateSmtpConnection(this, socket, socketOptions, this.hooks);
    this.connections.add(connection);
    connection.on("error", (error: Error) => this._onError(error));
    connection.on("connect", (data: Parameters<SMTPServer["_onClientConnect"]>[0]) => this._onClientConnect(data));
    connection.init();
  }
}
