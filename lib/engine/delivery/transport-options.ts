import net from "node:net";
import tls from "node:tls";
import { DEFAULT_SESSION_SETTINGS, type SmtpStageTimeouts } from "./smtp/session-settings";
import type { SessionOptions } from "./smtp/session-options";
import type { GatewayConnection } from "./types";

/**
 * Stage timeouts to override process-wide (tests). `connectionMs` is an alias of connectMs; `socketMs` sets every
 * stage after the greeting at once.
 */
export type TransportTimeouts = Partial<SmtpStageTimeouts> & { connectionMs?: number; socketMs?: number };

/**
 * SMTP sessions per gateway and process; Postfix's default_destination_concurrency_limit is 20. Ten keep a
 * worker's 100 sends in flight moving (5 left them queued behind each other: bench/RESULTS.md, run 4).
 */
export const DEFAULT_MAX_CONNECTIONS = DEFAULT_SESSION_SETTINGS.maxConnections;

/** Process-wide settings for the gateway pools (the per-gateway ones come with the gateway). */
export type TransportSettings = {
  /** Name announced in EHLO; gateways often check it against the PTR record. */
  ehloName: string;
  timeouts?: TransportTimeouts;
  /** Extra trusted CA certificates (PEM) on top of Node's roots, e.g. a private CA or a test's certificate. */
  ca?: string[];
  /** OUTGATE_GATEWAY_CONNECTIONS: replaces the default of 10 for gateways that keep the default. */
  maxConnections?: number;
  /** Replaces the default messages per session for gateways that keep the default. */
  maxMessages?: number;
};

/** Maps a gateway and the process settings to what its sessions need. Opens nothing. */
export function toSessionOptions(conn: GatewayConnection, settings: TransportSettings): SessionOptions {
  const session = conn.session ?? DEFAULT_SESSION_SETTINGS;
  const defaults = DEFAULT_SESSION_SETTINGS;
  return {
    host: conn.address,
    port: conn.port,
    encryption: conn.encryption,
    tls: {
      rejectUnauthorized: conn.verifyCertificate,
      // SNI and the certificate name check need the hostname; Node refuses an IP address as servername. For an
      // address, `host` names what the certificate must list (RFC 6125 §6.2.1: an IP entry): over an existing TCP
      // socket Node would otherwise check the certificate against "localhost".
      ...(net.isIP(bareAddress(conn.address)) ? { host: bareAddress(conn.address) } : { servername: conn.address }),
      // Node's `ca` replaces the default trust store, so keep the public roots next to the extra ones.
      ...(settings.ca?.length ? { ca: [...tls.rootCertificates, ...settings.ca] } : {}),
    },
    auth: conn.auth,
    authMechanism: session.authMechanism,
    ehloName: settings.ehloName,
    timeouts: withOverrides(session.timeouts, settings.timeouts),
    maxConnections:
      session.maxConnections === defaults.maxConnections ? (settings.maxConnections ?? session.maxConnections) : session.maxConnections,
    messagesPerConnection:
      session.messagesPerConnection === defaults.messagesPerConnection
        ? (settings.maxMessages ?? session.messagesPerConnection)
        : session.messagesPerConnection,
    recipientsPerTransaction: session.recipientsPerTransaction,
  };
}

function withOverrides(base: SmtpStageTimeouts, overrides: TransportTimeouts | undefined): SmtpStageTimeouts {
  if (!overrides) return base;
  const { connectionMs, socketMs, ...stages } = overrides;
  const later = socketMs === undefined ? {} : { mailMs: socketMs, rcptMs: socketMs, dataInitMs: socketMs, dataBlockMs: socketMs, dataTermMs: socketMs };
  return { ...base, ...(connectionMs === undefined ? {} : { connectMs: connectionMs }), ...later, ...definedOnly(stages) };
}

/** `value` without its undefined entries, so spreading it over defaults never blanks one. */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/** "[2001:db8::1]" → "2001:db8::1": the form Node's address checks take. */
function bareAddress(address: string): string {
  return address.replace(/^\[|\]$/g, "");
}
