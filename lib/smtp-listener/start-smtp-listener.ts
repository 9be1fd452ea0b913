import os from "node:os";
import type { AddressInfo } from "node:net";
import type { SMTPServerOptions } from "smtp-server";
import { createSessionCounter } from "./count-sessions";
import { createSmtpHandlers, type SmtpHandlerLimits } from "./create-smtp-handlers";
import { OutgateSmtpConnection, OutgateSmtpServer } from "./outgate-smtp-server";
import { summarizeCertificate } from "../platform/smtp-tls-certificate";
import { createSmtpActivityRecorder, type SmtpListening } from "./record-smtp-activity";

/** The listener's ports: null (or absent) is off, 0 picks a free one (tests). */
export type SmtpListenerPorts = { submission?: number | null; tls?: number | null; plain?: number | null };

export type SmtpListenerOptions = SmtpHandlerLimits & {
  host: string;
  ports: SmtpListenerPorts;
  maxSessions: number;
  maxSessionsPerIp: number;
  idleTimeoutMs: number;
  /** PEM key and certificate for STARTTLS and implicit TLS. */
  certificate: { key: string; cert: string };
  /** Outgate's name: greeting, EHLO answer, Received fields. */
  hostName: string;
  /**
   * This installation's mark (readInstallationMark), said in the greeting so that Outgate's own delivery client knows
   * a gateway that leads here and does not relay mail to itself.
   */
  installationMark: string;
  /** Counts flushed to PostgreSQL every this many ms (the overview). */
  activityIntervalMs?: number;
};

export type SmtpListener = {
  /** The ports actually listening (a requested 0 resolved). */
  ports: { submission: number | null; tls: number | null; plain: number | null };
  sessions(): number;
  /** New TLS sessions use this key and certificate (a renewed certificate file). */
  updateCertificate(certificate: { key: string; cert: string }): void;
  /**
   * Stops accepting, lets the sessions end (after `graceMs` the rest are told 421 and closed), waits up to `graceMs`
   * more for transactions whose message is still being stored, then writes the last counts.
   */
  close(graceMs?: number): Promise<void>;
};

type Role = "submission" | "tls" | "plain";

/**
 * The SMTP submission listener (issue 16): up to three ports sharing one set of handlers and limits.
 * - submission (587's role, RFC 6409): STARTTLS offered; AUTH offered and accepted only after it, then PLAIN/LOGIN;
 * - tls (465's role, RFC 8314): TLS from the first byte, then AUTH;
 * - plain: no TLS and no AUTH, for addresses an IP-relay entry lists only (a LAN's printers); off unless configured.
 * EHLO offers PIPELINING, SIZE (the message limit), 8BITMIME, SMTPUTF8, ENHANCEDSTATUSCODES and DSN. Resolves once every
 * configured port listens; rejects (after closing the others) when one cannot be bound.
 */
export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const sessions = createSessionCounter({ maxTotal: options.maxSessions, maxPerIp: options.maxSessionsPerIp });
  // Written with the sessions row once every port listens: the SMTP page shows these ports as running.
  let listening: SmtpListening | null = null;
  const activity = createSmtpActivityRecorder({
    listenerId: `${os.hostname()}:${process.pid}:${Date.now().toString(36)}`,
    sessions: () => sessions.size(),
    listening: () => listening,
    intervalMs: options.activityIntervalMs,
  });
  const servers = new Map<Role, OutgateSmtpServer>();
  const dropSession = (sessionId: string) => {
    for (const server of servers.values()) {
      // Every connection of an OutgateSmtpServer is an OutgateSmtpConnection; the check narrows the type.
      for (const connection of server.connections) {
        if (connection.session.id === sessionId && connection instanceof OutgateSmtpConnection) connection.closeForTimeout("Timeout waiting for the message data; closing");
      }
    }
  };
  const transactions = new Set<Promise<void>>();
  // The handlers keep no more than the SIZE smtp-server advertises and enforces: it answers 552 past that whatever
  // the handler did, so a message the handler had stored up to the full limit was queued while the client heard 552.
  const limits = { ...options, maxMessageBytes: advertisedSize(options.maxMessageBytes) };
  const { recordRefusal, checkMailClient, ...handlers } = createSmtpHandlers({ limits, sessions, activity, hostName: options.hostName, dropSession, transactions });

  const ports: SmtpListener["ports"] = { submission: null, tls: null, plain: null };
  try {
    for (const role of ["submission", "tls", "plain"] as const) {
      const port = options.ports[role];
      if (port === null || port === undefined) continue;
      const server = new OutgateSmtpServer(
        { ...serverOptions(role, options), ...handlers, ...(role === "submission" ? authOnlyAfterTls(handlers.onConnect) : {}) },
        { recordRefusal, checkMailClient },
      );
      servers.set(role, server);
      ports[role] = await listen(server, port, options.host);
    }
  } catch (error) {
    await Promise.all([...servers.values()].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    await activity.stop();
    throw error;
  }
  const servesTls = ports.submission !== null || ports.tls !== null;
  listening = { host: options.host, ports, certificate: servesTls ? summarizeCertificate(options.certificate.cert) : null };
  void activity.flush();

  return {
    ports,
    sessions: () => sessions.size(),
    updateCertificate(certificate) {
      for (const [role, server] of servers) if (role !== "plain") server.updateSecureContext(certificate);
      // The SMTP page shows what each listener serves: the renewed one from the next flush on.
      if (listening?.certificate) listening = { ...listening, certificate: summarizeCertificate(certificate.cert) };
      void activity.flush();
    },
    async close(graceMs = 5000) {
      // smtp-server answers the sessions still open after closeTimeout 421 (RFC 5321 §3.8) and closes them.
      await Promise.all(
        [...servers.values()].map((server) => {
          server.options.closeTimeout = graceMs;
          return new Promise<void>((resolve) => server.close(() => resolve()));
        }),
      );
      // A session closed during its DATA may still be storing its message: its count belongs in the last flush.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled(transactions), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      await activity.stop();
    },
  };
}

/**
 * The SIZE the listener advertises (RFC 1870) and holds messages to, octets: OUTGATE_MAX_MESSAGE_BYTES less room for
 * the Received, Message-ID and Date fields Outgate may add within that limit — 2,048 octets, or a quarter of a limit
 * under 8 KiB (a fixed 2,048 advertised SIZE 1 for a 2,000-octet limit and refused every message). A message that
 * still outgrows the limit (bare LFs made CRLF) is refused after DATA with the size it would be relayed at.
 */
function advertisedSize(maxMessageBytes: number): number {
  return Math.max(1, maxMessageBytes - Math.min(FIELDS_ROOM_OCTETS, Math.floor(maxMessageBytes / 4)));
}

/** Room for Outgate's own fields: a Received field with a 255-octet HELO name and host name fits several times. */
const FIELDS_ROOM_OCTETS = 2048;

function serverOptions(role: Role, options: SmtpListenerOptions): SMTPServerOptions {
  const common: SMTPServerOptions = {
    name: options.hostName,
    // smtp-server greets with "<name> ESMTP <banner>".
    banner: `Outgate ${options.installationMark}`,
    logger: false,
    key: options.certificate.key,
    cert: options.certificate.cert,
    size: advertisedSize(options.maxMessageBytes),
    // smtp-server then answers 552 5.3.4 after DATA itself when a message ran over SIZE (declared wrong or not at all).
    rejectOversized: true,
    hideENHANCEDSTATUSCODES: false,
    hidePIPELINING: false,
    hide8BITMIME: false,
    hideSMTPUTF8: false,
    // RFC 3461: NOTIFY, ORCPT, RET and ENVID are kept with the message and passed on or honoured by Outgate's own DSNs.
    hideDSN: false,
    authMethods: ["PLAIN", "LOGIN"],
    // AUTH is optional at the protocol level: an IP-relay client sends without it; everyone else is refused at MAIL
    // FROM with 530 5.7.0 (createSmtpHandlers), after a chance to authenticate.
    authOptional: true,
    allowInsecureAuth: false,
    socketTimeout: options.idleTimeoutMs,
    // Outgate's own limits (OUTGATE_SMTP_MAX_SESSIONS over every port, and per client address) are counted in onConnect
    // and answer 421 4.7.0. smtp-server's maxClients, per port and checked before onConnect, would answer first
    // ("Too many connected clients", no enhanced code); it stays, at twice the limit, only as a ceiling on
    // connections Outgate has not counted yet (the greeting's first 100 ms, implicit TLS handshakes in progress), and
    // says what Outgate's limit says should it ever answer (OutgateSmtpConnection).
    maxClients: 2 * options.maxSessions,
  };
  if (role === "submission") return { ...common, secure: false, hideSTARTTLS: false };
  if (role === "tls") return { ...common, secure: true };
  // The plain port offers neither STARTTLS nor AUTH: credentials never cross it in clear text.
  return { ...common, secure: false, disabledCommands: ["STARTTLS", "AUTH"], hideSTARTTLS: true };
}

/**
 * On the submission port AUTH is neither offered nor accepted until STARTTLS (Postfix's smtpd_tls_auth_only): a client
 * that sends AUTH PLAIN before TLS has already sent its password in clear, so the server must not invite it (RFC
 * 4954 §4, RFC 3207 §4). smtp-server reads a session's own disabledCommands for EHLO and for accepting commands.
 */
function authOnlyAfterTls(onConnect: NonNullable<SMTPServerOptions["onConnect"]>): Pick<SMTPServerOptions, "onConnect" | "onSecure"> {
  return {
    onConnect(session, callback) {
      session.disabledCommands = ["AUTH"];
      onConnect(session, callback);
    },
    onSecure(_socket, session, callback) {
      session.disabledCommands = [];
      callback();
    },
  };
}

function listen(server: OutgateSmtpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // On the SMTPServer, not its net.Server: smtp-server re-emits the net.Server's errors as its own 'error' event,
    // which would be an uncaught exception (EADDRINUSE) without a listener there.
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      // Errors of single sessions (a reset socket) must not crash the process.
      server.on("error", () => {});
      resolve((server.server.address() as AddressInfo).port);
    });
  });
}
