import type tls from "node:tls";
import type { AuthMechanismChoice, GatewayEncryption, SmtpStageTimeouts } from "./session-settings";
import type { Credentials } from "./authenticate";

/** Everything a session and a gateway's pool need, resolved once when the pool is built. */
export type SessionOptions = {
  host: string;
  port: number;
  encryption: GatewayEncryption;
  /** Certificate checks, SNI and trusted CAs for STARTTLS and implicit TLS. */
  tls: tls.ConnectionOptions;
  auth: Credentials | null;
  authMechanism: AuthMechanismChoice;
  /** Name announced in EHLO/HELO. */
  ehloName: string;
  timeouts: SmtpStageTimeouts;
  maxConnections: number;
  messagesPerConnection: number;
  recipientsPerTransaction: number;
};
