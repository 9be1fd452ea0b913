import net from "node:net";
import tls from "node:tls";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import { openGatewaySocket } from "./open-gateway-socket";
import type { GatewayConnection } from "./types";

export type TransportTimeouts = {
  /** TCP connect. nodemailer's default is 2 minutes, far too long when another gateway is waiting. */
  connectionMs: number;
  /** Connect to 220 banner. */
  greetingMs: number;
  /** Inactivity on an open socket. */
  socketMs: number;
};

export const DEFAULT_TIMEOUTS: TransportTimeouts = { connectionMs: 15_000, greetingMs: 15_000, socketMs: 60_000 };

/**
 * SMTP sessions per gateway and process; Postfix's default_destination_concurrency_limit is 20. Ten keep a
 * worker's 100 sends in flight moving (5 left them queued behind each other: bench/RESULTS.md, run 4).
 */
export const DEFAULT_MAX_CONNECTIONS = 10;

export type TransportSettings = {
  /** Name announced in EHLO; gateways often check it against the PTR record. */
  ehloName: string;
  timeouts?: Partial<TransportTimeouts>;
  /** Extra trusted CA certificates (PEM) on top of Node's roots, e.g. a private CA or a test's certificate. */
  ca?: string[];
  maxConnections?: number;
  maxMessages?: number;
};

/** `maxRequeues` is a real SMTPPool option that @types/nodemailer does not declare. */
export type GatewayTransportOptions = SMTPPool.Options & { maxRequeues?: number };

/** Maps a gateway to nodemailer SMTP pool options. No sockets are opened here; `getSocket` opens them later. */
export function toTransportOptions(conn: GatewayConnection, settings: TransportSettings): GatewayTransportOptions {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...settings.timeouts };
  const options: GatewayTransportOptions = {
    pool: true,
    host: conn.address,
    port: conn.port,
    name: settings.ehloName,
    maxConnections: settings.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    maxMessages: settings.maxMessages ?? 100,
    // The queue owns retries; nodemailer's default requeues forever when a gateway keeps dropping the socket.
    maxRequeues: 1,
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    // TCP_NODELAY: without it every message waits for a delayed ACK at the end of DATA (see open-gateway-socket.ts).
    getSocket: openGatewaySocket(conn.address, conn.port, timeouts.connectionMs),
    // We only ever send prepared raw bytes; never let a message reference local files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
    tls: {
      rejectUnauthorized: conn.verifyCertificate,
      // SNI and certificate name checks need the hostname; Node refuses an IP address as servername.
      ...(net.isIP(conn.address) ? {} : { servername: conn.address }),
      // Node's `ca` replaces the default trust store, so keep the public roots next to the extra ones.
      ...(settings.ca?.length ? { ca: [...tls.rootCertificates, ...settings.ca] } : {}),
    },
    ...encryptionOptions(conn.encryption),
  };
  if (conn.auth) {
    // No `method`: nodemailer picks the first the server offers, PLAIN before LOGIN.
    options.auth = { user: conn.auth.user, pass: conn.auth.pass };
  }
  return options;
}

function encryptionOptions(encryption: GatewayConnection["encryption"]): Partial<SMTPPool.Options> {
  switch (encryption) {
    case "NONE":
      return { secure: false, ignoreTLS: true };
    case "STARTTLS_OPPORTUNISTIC":
      // Upgrade when STARTTLS is offered; if the server then refuses the command, carry on in clear text.
      return { secure: false, opportunisticTLS: true };
    case "STARTTLS_REQUIRED":
      // Sends STARTTLS even when not advertised, and fails (ETLS) rather than talk in clear text.
      return { secure: false, requireTLS: true };
    case "IMPLICIT_TLS":
      return { secure: true };
  }
}
