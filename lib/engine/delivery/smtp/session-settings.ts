/**
 * How Outgate talks to one gateway, set per gateway in the console (issue: SMTP client conformance). Plain values:
 * the console stores them, routing loads them onto RoutableGateway, delivery obeys them.
 */

/** Mirrors the Prisma enum `GatewayEncryption` one to one, so rows map without translation. */
export type GatewayEncryption = "NONE" | "STARTTLS_OPPORTUNISTIC" | "STARTTLS_REQUIRED" | "IMPLICIT_TLS";

/** "AUTO" tries the mechanisms the server offers, strongest first, and falls back on 504/534/538-style answers. */
export type AuthMechanismChoice = "AUTO" | "PLAIN" | "LOGIN" | "CRAM_MD5";

/**
 * Time allowed for each stage of a session, in ms. The SMTP stages default to RFC 5321 §4.5.3.2's minimums, so
 * Outgate never gives up on a gateway earlier than the RFC lets a server take; only the TCP connect is short, so
 * failover to the next gateway stays fast.
 */
export type SmtpStageTimeouts = {
  /** TCP (and implicit TLS) connect; not an RFC stage. */
  connectMs: number;
  /** §4.5.3.2.1 initial 220 message: 5 minutes. */
  greetingMs: number;
  /** §4.5.3.2.2 MAIL command: 5 minutes (also EHLO, STARTTLS, AUTH, RSET). */
  mailMs: number;
  /** §4.5.3.2.3 RCPT command: 5 minutes. */
  rcptMs: number;
  /** §4.5.3.2.4 DATA initiation (the 354): 2 minutes. */
  dataInitMs: number;
  /** §4.5.3.2.5 each data block sent: 3 minutes. */
  dataBlockMs: number;
  /** §4.5.3.2.6 DATA termination (reply to the final "."): 10 minutes. A timeout here is "outcome unknown". */
  dataTermMs: number;
};

export const RFC_5321_TIMEOUTS: SmtpStageTimeouts = {
  connectMs: 30_000,
  greetingMs: 5 * 60_000,
  mailMs: 5 * 60_000,
  rcptMs: 5 * 60_000,
  dataInitMs: 2 * 60_000,
  dataBlockMs: 3 * 60_000,
  dataTermMs: 10 * 60_000,
};

export type GatewaySessionSettings = {
  authMechanism: AuthMechanismChoice;
  timeouts: SmtpStageTimeouts;
  /** SMTP sessions open at once to this gateway, per worker process. */
  maxConnections: number;
  /** Messages sent over one session before it is closed and a fresh one opened. */
  messagesPerConnection: number;
  /** RCPT TO per transaction; more recipients go in further transactions right away (RFC 5321 §4.5.3.1.8: ≥ 100). */
  recipientsPerTransaction: number;
};

export const DEFAULT_SESSION_SETTINGS: GatewaySessionSettings = {
  authMechanism: "AUTO",
  timeouts: RFC_5321_TIMEOUTS,
  maxConnections: 10,
  messagesPerConnection: 100,
  recipientsPerTransaction: 100,
};
