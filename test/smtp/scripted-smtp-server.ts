import { createHmac, randomBytes } from "node:crypto";
import net, { type AddressInfo } from "node:net";
import tls from "node:tls";
import { getTestCertificate } from "./test-certificate";

/**
 * A raw SMTP server whose behaviour is a small declarative script, for the conformance suite (issue 11). Unlike
 * smtp-server it can misbehave below the protocol's floor (slow or refused greetings, connection limits, 421 mid
 * session, partial RCPT, replies that never come, strict RFC 5321/1870/6152 checks) and it records every line and
 * byte it receives, so a test can assert what crossed the wire.
 */

export type AuthMechanism = "PLAIN" | "LOGIN" | "CRAM-MD5";

/** A delay in ms before a reply; Infinity never answers (the session stays open until the client gives up). */
export type ReplyDelays = { greeting?: number; ehlo?: number; mail?: number; rcpt?: number; data?: number; dataEnd?: number };

export type SmtpScript = {
  /** "starttls" offers STARTTLS on a clear-text port; "implicit" speaks TLS from the first byte. Default "none". */
  tls?: "none" | "starttls" | "implicit";
  /** The greeting reply; anything but 2xx refuses the session (421 closes at once, 554 waits for QUIT, RFC 5321 §3.1). */
  greeting?: string;
  delays?: ReplyDelays;
  /** Sessions open at once; the next gets "421 4.3.2 Too many connections" and is closed. */
  maxSessions?: number;
  /** What EHLO advertises. Defaults: PIPELINING, 8BITMIME, SMTPUTF8, ENHANCEDSTATUSCODES; STARTTLS and AUTH as configured. */
  extensions?: {
    size?: number;
    pipelining?: boolean;
    eightBitMime?: boolean;
    smtpUtf8?: boolean;
    enhancedStatusCodes?: boolean;
    /** RFC 3461 DSN; default false. Without it NOTIFY, ORCPT, RET and ENVID are refused with 555 5.5.4. */
    dsn?: boolean;
    /** Default true with `tls: "starttls"`. When false the command is refused with 502 as well. */
    startTls?: boolean;
  };
  /** The answer to STARTTLS instead of 220 (e.g. "454 4.7.0 TLS not available"); the session stays in clear text. */
  startTlsReply?: string;
  auth?: {
    user: string;
    pass: string;
    /** Advertised mechanisms; default PLAIN and LOGIN. */
    mechanisms?: AuthMechanism[];
    /** A fixed answer per mechanism instead of checking the credentials, e.g. { PLAIN: "504 5.5.4 Not available" }. */
    answers?: Partial<Record<AuthMechanism, string>>;
    /** Advertise and accept AUTH only once TLS is on (Postfix's smtpd_tls_auth_only). */
    onlyAfterTls?: boolean;
  };
  /** After this many accepted messages on one session, the next MAIL gets a 421 and the session is closed ("drop": closed without a reply). */
  perSession?: { messages: number; then: "421" | "drop" };
  /** Recipients accepted per transaction; the rest get "452 4.5.3 Too many recipients" (RFC 5321 §4.5.3.1.10). */
  recipientsPerTransaction?: number;
  /** A reply to MAIL FROM instead of 250 (null: the default); the whole line is passed, parameters included. */
  mail?: (line: string) => string | null;
  /** A reply to one RCPT TO instead of 250 (null: the default). */
  rcpt?: (address: string) => string | null;
  /** Stop reading the socket once this many octets of DATA arrived (a stalled data block, RFC 5321 §4.5.3.2.5). */
  stallDataAfterBytes?: number;
  /** The reply to the final "." when the message passes the checks; "drop" closes the socket instead. Default 250. */
  dataEnd?: string | "drop";
  /** Refuse after the data (500/550/554) lines over 998 octets, bare CR or LF, NUL, and undeclared 8-bit bytes. */
  strict?: boolean;
};

export type ScriptedCommand = { line: string; tls: boolean };

export type ScriptedSession = {
  id: number;
  /** Every line received outside DATA (commands and SASL continuations), with whether TLS was on when it came. */
  commands: ScriptedCommand[];
  tls: boolean;
  /** Messages accepted on this session. */
  messages: number;
  /** Refused at connect (greeting 421/554 or too many connections). */
  refused: boolean;
  closed: boolean;
};

export type ScriptedMessage = {
  sessionId: number;
  /** The MAIL FROM line as sent, parameters included. */
  mailFrom: string;
  from: string;
  /** The recipients the server accepted. */
  to: string[];
  /** The message as received after the DATA command, dot-stuffing removed (every byte, accepted or not). */
  body: Buffer;
  tls: boolean;
  /** The reply sent to the final "."; null when none was sent (delayed forever or dropped). */
  reply: string | null;
  accepted: boolean;
};

export type ScriptedCredential = { sessionId: number; mechanism: AuthMechanism; user: string; pass: string | null; tls: boolean };

export type ScriptedSmtpServer = {
  host: "127.0.0.1";
  port: number;
  /** PEM of the self-signed certificate (trust it as a CA to verify the server). */
  cert: string;
  sessions: ScriptedSession[];
  /** Every message body received, accepted or not, in order. */
  messages: ScriptedMessage[];
  /** Every AUTH attempt, with the password when the mechanism carries it (PLAIN, LOGIN). */
  credentials: ScriptedCredential[];
  accepted(): ScriptedMessage[];
  /** The most sessions that were open at once (refused ones included). */
  peakSessions(): number;
  /** Change the script while running; new sessions and commands see it. */
  setScript(next: Partial<SmtpScript>): void;
  waitFor(done: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

const MAX_LINE_OCTETS = 998;

export async function startScriptedSmtpServer({ script: initial = {} }: { script?: SmtpScript } = {}): Promise<ScriptedSmtpServer> {
  const { key, cert } = await getTestCertificate();
  const secureContext = tls.createSecureContext({ key, cert });
  const script: SmtpScript = { ...initial };
  const sessions: ScriptedSession[] = [];
  const messages: ScriptedMessage[] = [];
  const credentials: ScriptedCredential[] = [];
  const sockets = new Set<net.Socket>();
  let open = 0;
  let peak = 0;

  const onConnection = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    const session: ScriptedSession = { id: sessions.length + 1, commands: [], tls: script.tls === "implicit", messages: 0, refused: false, closed: false };
    sessions.push(session);
    open += 1;
    peak = Math.max(peak, open);
    socket.once("close", () => {
      open -= 1;
      session.closed = true;
    });
    const wire = new Wire(socket);
    runSession({ wire, session, script, messages, credentials, secureContext, open }).catch(() => wire.destroy());
  };
  const server = script.tls === "implicit" ? tls.createServer({ key, cert }, onConnection) : net.createServer(onConnection);
  server.on("tlsClientError", () => {
    // Clients that reject the self-signed certificate abort the handshake; expected in negative tests.
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });

  return {
    host: "127.0.0.1",
    port: (server.address() as AddressInfo).port,
    cert,
    sessions,
    messages,
    credentials,
    accepted: () => messages.filter((message) => message.accepted),
    peakSessions: () => peak,
    setScript: (next) => Object.assign(script, next),
    waitFor,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

type SessionContext = {
  wire: Wire;
  session: ScriptedSession;
  script: SmtpScript;
  messages: ScriptedMessage[];
  credentials: ScriptedCredential[];
  secureContext: tls.SecureContext;
  /** Sessions open when this one connected, itself included. */
  open: number;
};

type Transaction = { mailFrom: string; from: string; to: string[]; declared8Bit: boolean };

async function runSession(context: SessionContext): Promise<void> {
  const { wire, session, script } = context;
  if (script.maxSessions !== undefined && context.open > script.maxSessions) {
    session.refused = true;
    return wire.replyAndClose("421 4.3.2 Too many connections, try again later");
  }
  await pause(script.delays?.greeting);
  const greeting = script.greeting ?? "220 scripted.test ESMTP";
  if (greeting.startsWith("421")) {
    session.refused = true;
    return wire.replyAndClose(greeting);
  }
  wire.reply(greeting);
  const noService = !greeting.startsWith("2");
  session.refused = noService;

  let greeted = false;
  let user: string | null = null;
  let transaction: Transaction | null = null;
  for (;;) {
    const raw = await wire.readLine();
    if (raw === null) return;
    const line = raw.toString("utf8");
    session.commands.push({ line, tls: session.tls });
    const verb = line.split(" ", 1)[0].toUpperCase();
    const argument = line.slice(verb.length).trim();
    if (verb === "QUIT") return wire.replyAndClose("221 2.0.0 Bye");
    if (noService) {
      wire.reply("503 5.5.1 No service");
      continue;
    }
    if (raw.length > 510) {
      wire.reply("500 5.5.2 Line too long");
      continue;
    }
    switch (verb) {
      case "EHLO":
      case "HELO":
        await pause(script.delays?.ehlo);
        greeted = true;
        transaction = null;
        wire.reply(verb === "HELO" ? ["250 scripted.test"] : ehloLines(script, session.tls, user !== null));
        break;
      case "STARTTLS": {
        if (script.tls !== "starttls" || script.extensions?.startTls === false || session.tls) {
          wire.reply("502 5.5.1 STARTTLS not available");
          break;
        }
        if (script.startTlsReply) {
          wire.reply(script.startTlsReply);
          break;
        }
        wire.reply("220 2.0.0 Ready to start TLS");
        await wire.startTls(context.secureContext);
        session.tls = true;
        greeted = false;
        transaction = null;
        user = null;
        break;
      }
      case "AUTH":
        if (!greeted) wire.reply("503 5.5.1 Send EHLO first");
        else if (user !== null) wire.reply("503 5.5.1 Already authenticated");
        else user = await authenticate(context, argument);
        break;
      case "MAIL": {
        await pause(script.delays?.mail);
        const limit = script.perSession;
        if (limit && session.messages >= limit.messages) {
          if (limit.then === "drop") return wire.destroy();
          return wire.replyAndClose("421 4.7.0 Too many messages on this connection, closing");
        }
        const refusal = checkMail(context, line, greeted, user, transaction);
        // A 421 closes the session (RFC 5321 §3.8), as smtp-server and Postfix do: pipelined commands get no answer.
        if (refusal?.startsWith("421")) return wire.replyAndClose(refusal);
        if (refusal) {
          wire.reply(refusal);
          break;
        }
        const params = argument.replace(/^FROM:\s*<[^>]*>/i, "").toUpperCase();
        transaction = {
          mailFrom: line,
          from: /<([^>]*)>/.exec(line)?.[1] ?? "",
          to: [],
          declared8Bit: /\bBODY=8BITMIME\b/.test(params) || /\bSMTPUTF8\b/.test(params),
        };
        wire.reply("250 2.1.0 Ok");
        break;
      }
      case "RCPT": {
        await pause(script.delays?.rcpt);
        if (!transaction) {
          wire.reply("503 5.5.1 Need MAIL first");
          break;
        }
        const address = /<([^>]*)>/.exec(line)?.[1] ?? "";
        const custom = script.rcpt?.(address) ?? null;
        if (custom?.startsWith("421")) return wire.replyAndClose(custom);
        if (custom) wire.reply(custom);
        else if (/\s(?:NOTIFY|ORCPT)=/i.test(line) && !script.extensions?.dsn) wire.reply("555 5.5.4 NOTIFY/ORCPT not recognized");
        else if (script.recipientsPerTransaction !== undefined && transaction.to.length >= script.recipientsPerTransaction) {
          wire.reply("452 4.5.3 Too many recipients");
        } else if (Buffer.byteLength(address) !== address.length && !/\bSMTPUTF8\b/i.test(transaction.mailFrom)) {
          // What a server without SMTPUTF8 says: it cannot tell the client why.
          wire.reply("553 5.1.3 Bad recipient address syntax");
        } else {
          transaction.to.push(address);
          wire.reply("250 2.1.5 Ok");
        }
        break;
      }
      case "DATA": {
        await pause(script.delays?.data);
        if (!transaction || transaction.to.length === 0) {
          wire.reply("503 5.5.1 Need RCPT first");
          break;
        }
        wire.reply("354 End data with <CR><LF>.<CR><LF>");
        const stuffed = await wire.readData(script.stallDataAfterBytes);
        if (stuffed === null) return;
        const sent = await finishData(context, transaction, stuffed);
        transaction = null;
        if (!sent) return;
        break;
      }
      case "RSET":
        transaction = null;
        wire.reply("250 2.0.0 Ok");
        break;
      case "NOOP":
        wire.reply("250 2.0.0 Ok");
        break;
      default:
        wire.reply("502 5.5.2 Command not recognized");
    }
  }
}

function ehloLines(script: SmtpScript, secure: boolean, authenticated: boolean): string[] {
  const ext = script.extensions ?? {};
  const lines = ["scripted.test"];
  if (ext.size !== undefined) lines.push(`SIZE ${ext.size}`);
  if (ext.pipelining ?? true) lines.push("PIPELINING");
  if (ext.eightBitMime ?? true) lines.push("8BITMIME");
  if (ext.smtpUtf8 ?? true) lines.push("SMTPUTF8");
  if (ext.enhancedStatusCodes ?? true) lines.push("ENHANCEDSTATUSCODES");
  if (ext.dsn) lines.push("DSN");
  if (script.tls === "starttls" && !secure && (ext.startTls ?? true)) lines.push("STARTTLS");
  const auth = script.auth;
  if (auth && !authenticated && (secure || !auth.onlyAfterTls)) lines.push(`AUTH ${(auth.mechanisms ?? ["PLAIN", "LOGIN"]).join(" ")}`);
  return lines.map((text, index) => `250${index === lines.length - 1 ? " " : "-"}${text}`);
}

function checkMail(context: SessionContext, line: string, greeted: boolean, user: string | null, transaction: Transaction | null): string | null {
  const { script } = context;
  if (!greeted) return "503 5.5.1 Send EHLO first";
  if (transaction) return "503 5.5.1 Nested MAIL command";
  if (script.auth && user === null) return "530 5.7.0 Authentication required";
  const custom = script.mail?.(line);
  if (custom) return custom;
  const params = line.replace(/^MAIL FROM:\s*<[^>]*>/i, "").toUpperCase();
  const ext = script.extensions ?? {};
  if (/\bBODY=8BITMIME\b/.test(params) && !(ext.eightBitMime ?? true)) return "555 5.5.4 BODY=8BITMIME not recognized";
  if (/\bSMTPUTF8\b/.test(params) && !(ext.smtpUtf8 ?? true)) return "555 5.5.4 SMTPUTF8 not recognized";
  if (/\b(?:RET|ENVID)=/.test(params) && !ext.dsn) return "555 5.5.4 RET/ENVID not recognized";
  const size = /\bSIZE=(\d+)/.exec(params);
  if (size && ext.size === undefined) return "555 5.5.4 SIZE not recognized";
  // RFC 1870 §6.1: a declared size over the fixed maximum is refused at MAIL, before any data is sent.
  if (size && ext.size !== undefined && ext.size > 0 && Number(size[1]) > ext.size) return "552 5.3.4 Message size exceeds fixed maximum message size";
  return null;
}

/** Reads the AUTH exchange; returns the authenticated user, or null. */
async function authenticate(context: SessionContext, argument: string): Promise<string | null> {
  const { wire, session, script } = context;
  const [name = "", initial] = argument.split(/\s+/);
  const mechanism = name.toUpperCase() as AuthMechanism;
  const auth = script.auth;
  const offered = auth && (session.tls || !auth.onlyAfterTls) ? (auth.mechanisms ?? ["PLAIN", "LOGIN"]) : [];
  if (!offered.includes(mechanism)) {
    wire.reply("504 5.5.4 Unrecognized authentication type");
    return null;
  }
  const next = async (challenge: string): Promise<string | null> => {
    wire.reply(`334 ${challenge}`);
    const line = await wire.readLine();
    if (line === null) return null;
    session.commands.push({ line: line.toString("utf8"), tls: session.tls });
    return line.toString("utf8");
  };
  let user: string | null = null;
  let pass: string | null = null;
  let valid = false;
  if (mechanism === "PLAIN") {
    const response = initial ?? (await next(""));
    if (response === null || response === "*") return cancelled(wire);
    const [, authcid = "", password = ""] = fromBase64(response).split("\0");
    [user, pass] = [authcid, password];
    valid = authcid === auth?.user && password === auth?.pass;
  } else if (mechanism === "LOGIN") {
    const name = initial ?? (await next(toBase64("Username:")));
    if (name === null || name === "*") return cancelled(wire);
    const password = await next(toBase64("Password:"));
    if (password === null || password === "*") return cancelled(wire);
    [user, pass] = [fromBase64(name), fromBase64(password)];
    valid = user === auth?.user && pass === auth?.pass;
  } else {
    const challenge = `<${randomBytes(8).toString("hex")}.${Date.now()}@scripted.test>`;
    const response = await next(toBase64(challenge));
    if (response === null || response === "*") return cancelled(wire);
    const [login = "", digest = ""] = fromBase64(response).split(" ");
    user = login;
    // RFC 2195: the digest is HMAC-MD5 of the challenge keyed with the password; the password never crosses.
    valid = login === auth?.user && digest === createHmac("md5", auth?.pass ?? "").update(challenge).digest("hex");
  }
  context.credentials.push({ sessionId: session.id, mechanism, user, pass, tls: session.tls });
  const fixed = auth?.answers?.[mechanism];
  const answer = fixed ?? (valid ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication credentials invalid");
  wire.reply(answer);
  return answer.startsWith("235") ? user : null;
}

function cancelled(wire: Wire): null {
  wire.reply("501 5.7.0 Authentication cancelled");
  return null;
}

/** Checks and records a received message and answers the final "."; false when the session ended. */
async function finishData(context: SessionContext, transaction: Transaction, stuffed: Buffer): Promise<boolean> {
  const { wire, session, script } = context;
  const body = unstuff(stuffed);
  const message: ScriptedMessage = {
    sessionId: session.id,
    mailFrom: transaction.mailFrom,
    from: transaction.from,
    to: transaction.to,
    body,
    tls: session.tls,
    reply: null,
    accepted: false,
  };
  context.messages.push(message);
  const refusal = checkData(script, transaction, stuffed, body);
  await pause(script.delays?.dataEnd);
  if (!refusal && script.dataEnd === "drop") {
    wire.destroy();
    return false;
  }
  message.reply = refusal ?? script.dataEnd ?? "250 2.0.0 Ok: queued";
  message.accepted = message.reply.startsWith("2");
  if (message.accepted) session.messages += 1;
  wire.reply(message.reply);
  return true;
}

function checkData(script: SmtpScript, transaction: Transaction, stuffed: Buffer, body: Buffer): string | null {
  const limit = script.extensions?.size;
  // RFC 1870 §6.3: a server may take the whole message and only then refuse it; the bytes were sent for nothing.
  if (limit !== undefined && limit > 0 && body.length > limit) return "552 5.3.4 Message size exceeds fixed maximum message size";
  if (!script.strict) return null;
  const lines = splitCrlf(stuffed);
  if (lines.some((line) => line.length > MAX_LINE_OCTETS)) return "500 5.5.2 Line too long (RFC 5321 §4.5.3.1.6)";
  if (lines.some((line) => line.includes(0x0d) || line.includes(0x0a))) return "550 5.6.11 Bare CR or LF not allowed (RFC 5321 §2.3.8)";
  if (stuffed.includes(0)) return "550 5.6.0 NUL not allowed in message";
  if (!transaction.declared8Bit && stuffed.some((byte) => byte > 0x7f)) return "554 5.6.1 8-bit data without BODY=8BITMIME (RFC 6152)";
  return null;
}

/** Lines of a CRLF-terminated block, without their CRLF (bare CR and LF stay inside). */
function splitCrlf(block: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let index = block.indexOf("\r\n"); index !== -1; index = block.indexOf("\r\n", start)) {
    lines.push(block.subarray(start, index));
    start = index + 2;
  }
  if (start < block.length) lines.push(block.subarray(start));
  return lines;
}

/** RFC 5321 §4.5.2: a leading "." of each line is removed. */
function unstuff(stuffed: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  while (start < stuffed.length) {
    const end = stuffed.indexOf("\r\n", start);
    const stop = end === -1 ? stuffed.length : end + 2;
    parts.push(stuffed.subarray(stuffed[start] === 0x2e ? start + 1 : start, stop));
    start = stop;
  }
  return Buffer.concat(parts);
}

/** The socket with a byte buffer that hands out lines and DATA blocks one at a time. */
class Wire {
  private buffer = Buffer.alloc(0);
  private ended = false;
  private wake: (() => void) | null = null;
  private socket: net.Socket;
  private readonly onData = (chunk: Buffer) => {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.notify();
  };
  private readonly onEnd = () => {
    this.ended = true;
    this.notify();
  };

  constructor(socket: net.Socket) {
    this.socket = socket;
    this.listen(socket);
  }

  reply(lines: string | string[]): void {
    if (!this.socket.destroyed) this.socket.write(`${([] as string[]).concat(lines).join("\r\n")}\r\n`);
  }

  replyAndClose(line: string): void {
    this.reply(line);
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** A command line without its CRLF (a bare LF also ends it); null when the client is gone. */
  async readLine(): Promise<Buffer | null> {
    for (;;) {
      const end = this.buffer.indexOf(0x0a);
      if (end !== -1) {
        const line = this.buffer.subarray(0, end > 0 && this.buffer[end - 1] === 0x0d ? end - 1 : end);
        this.buffer = this.buffer.subarray(end + 1);
        return line;
      }
      if (this.ended) return null;
      await this.waitForBytes();
    }
  }

  /**
   * The data after a 354 up to CRLF "." CRLF, still dot-stuffed, with the CRLF ending its last line; null when the
   * client is gone. With `stallAfter`, stops reading once that many octets are buffered and waits for the client to leave.
   */
  async readData(stallAfter?: number): Promise<Buffer | null> {
    for (;;) {
      if (stallAfter !== undefined && this.buffer.length >= stallAfter) {
        this.socket.pause();
        while (!this.ended) await this.waitForBytes();
        return null;
      }
      if (this.buffer.subarray(0, 3).equals(Buffer.from(".\r\n"))) {
        this.buffer = this.buffer.subarray(3);
        return Buffer.alloc(0);
      }
      const end = this.buffer.indexOf("\r\n.\r\n");
      if (end !== -1) {
        const data = this.buffer.subarray(0, end + 2);
        this.buffer = this.buffer.subarray(end + 5);
        return data;
      }
      if (this.ended) return null;
      await this.waitForBytes();
    }
  }

  /** Upgrades to TLS (RFC 3207); bytes the client pipelined after STARTTLS are dropped, as §4.2 requires. */
  async startTls(secureContext: tls.SecureContext): Promise<void> {
    this.socket.off("data", this.onData);
    this.socket.off("end", this.onEnd);
    this.socket.off("close", this.onEnd);
    this.buffer = Buffer.alloc(0);
    const secure = new tls.TLSSocket(this.socket, { isServer: true, secureContext });
    this.socket = secure;
    this.listen(secure);
    await new Promise<void>((resolve) => {
      secure.once("secure", resolve);
      secure.once("close", resolve);
    });
  }

  private listen(socket: net.Socket): void {
    socket.on("data", this.onData);
    socket.on("end", this.onEnd);
    socket.on("close", this.onEnd);
    socket.on("error", () => this.onEnd());
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private waitForBytes(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }
}

function pause(ms: number | undefined): Promise<void> | void {
  if (ms === undefined || ms <= 0) return;
  // Infinity: never answer; the session ends when the client gives up or the server closes.
  if (!Number.isFinite(ms)) return new Promise(() => {});
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function toBase64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

function fromBase64(text: string): string {
  return Buffer.from(text, "base64").toString("utf8");
}

async function waitFor(done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for the scripted SMTP server`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
