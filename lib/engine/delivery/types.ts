import type { GatewaySessionSettings } from "./smtp/session-settings";
import type { EnvelopeDsn } from "../../validation/dsn-request";

import type { GatewayEncryption } from "./smtp/session-settings";

export type { GatewayEncryption };

/** What the engine needs to open an SMTP session to one upstream gateway (no Prisma types here). */
export type GatewayConnection = {
  id: string;
  address: string;
  port: number;
  encryption: GatewayEncryption;
  verifyCertificate: boolean;
  auth: { user: string; pass: string } | null;
  /** Per-gateway session behaviour; DEFAULT_SESSION_SETTINGS when absent. */
  session?: GatewaySessionSettings;
};

/**
 * failover: the gateway itself is unusable right now (connection, TLS, AUTH, session refused) — try the next one.
 * retry: the gateway answered, but with a transient 4xx (RFC 5321 §4.2.1) — queue and try again later.
 * permanent: a 5xx for this message or recipient — bounce it.
 */
export type SmtpErrorKind = "failover" | "retry" | "permanent";

export type ClassifiedSmtpError = {
  kind: SmtpErrorKind;
  /** Short, log-friendly explanation, e.g. "auth: Invalid login: 535 5.7.8 Error: authentication failed". */
  reason: string;
  /** The SMTP reply code when the server gave one. */
  code?: number;
  /** No answer to the end of data: the gateway may have accepted the message (never resend it elsewhere now). */
  outcomeUnknown?: boolean;
  /**
   * Refused by Outgate itself because this gateway's EHLO lacks what the message needs (SMTPUTF8, 8BITMIME, SIZE):
   * the gateway is healthy but cannot take it; another gateway of the route may (ECAPABILITY).
   */
  cannotTake?: boolean;
};

export type RecipientStatus = "delivered" | "deferred" | "failed";

export type RecipientResult = {
  recipient: string;
  status: RecipientStatus;
  code?: number;
  /** The server's reply text, or the local error message when there was no reply. */
  response: string;
  /** True only for deferred recipients whose gateway failed as a whole: try the next gateway before waiting. */
  failover: boolean;
  /** Deferred because the end of data went unanswered: the gateway may have accepted it (see SmtpClientError EOUTCOME). */
  outcomeUnknown?: boolean;
  /** The gateway offers DSN (RFC 3461): the sender's request went on with RCPT and the gateway now answers for it. */
  dsnPassedOn?: boolean;
  /** Failed only because this gateway cannot take it (ClassifiedSmtpError.cannotTake): the next gateway is tried. */
  cannotTake?: boolean;
};

export type OutgoingMessage = {
  raw: Buffer;
  /** `from: ""` is the null reverse-path `MAIL FROM:<>` used by DSNs (RFC 5321 §4.5.5); `dsn`: the sender's RFC 3461 request. */
  envelope: { from: string; to: string[]; dsn?: EnvelopeDsn };
};

export type GatewaySendResult = {
  recipients: RecipientResult[];
  /** Set when the transaction failed as a whole (connection, TLS, AUTH, MAIL FROM, DATA), null otherwise. */
  failure: ClassifiedSmtpError | null;
  /** The final reply to DATA when the message was accepted, e.g. "250 2.0.0 Ok: queued as 1A2B". */
  response?: string;
};

/** An enabled gateway as routing and sending need it (credentials still sealed). */
export type RoutableGateway = {
  id: string;
  description: string;
  address: string;
  port: number;
  encryption: GatewayEncryption;
  verifyCertificate: boolean;
  type: "ROUND_ROBIN" | "SPECIFIC_DOMAINS";
  authEnabled: boolean;
  authUsername: string;
  authPasswordEnc: string | null;
  /** Changes when the gateway is edited: the transport pool rebuilds its connection then. */
  updatedAt: Date;
  /** Failed recently (shared GatewayHealth): tried only after every other candidate. */
  coolingDown: boolean;
  /** Per-gateway session behaviour (auth mechanism, stage timeouts, connection and recipient limits). */
  session: GatewaySessionSettings;
};
