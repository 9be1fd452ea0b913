import type { GatewayAuthMechanismValue, GatewayLimitField, GatewaySessionFacts, GatewayTimeoutField } from "@/lib/validation/gateway";

// Wording of the gateway form's Advanced section (client code): labels, help text and the warnings it shows.

export const AUTH_MECHANISM_LABELS: Record<GatewayAuthMechanismValue, string> = {
  AUTO: "Auto",
  PLAIN: "PLAIN",
  LOGIN: "LOGIN",
  CRAM_MD5: "CRAM-MD5",
};

export const AUTH_MECHANISM_HINT =
  "Used only with authentication (RFC 4954). Auto tries the mechanisms the gateway offers and moves on to the next when one is refused as a mechanism (504, 534, 538); a wrong password (535) is never tried again. Pick one only if the gateway mis-advertises. Default: Auto.";

/** What each timeout covers, and the RFC 5321 section that sets its minimum (connect has none: it is TCP, not SMTP). */
const TIMEOUTS: Record<GatewayTimeoutField, { label: string; covers: string; section?: string }> = {
  connectTimeoutSeconds: { label: "Connect timeout", covers: "Time to open the TCP connection (and the TLS handshake for SSL/TLS). Keep it short so a dead gateway fails over quickly." },
  greetingTimeoutSeconds: { label: "Greeting timeout", covers: "Wait for the gateway's 220 greeting.", section: "4.5.3.2.1" },
  mailTimeoutSeconds: { label: "MAIL timeout", covers: "Wait for the answer to MAIL FROM (also EHLO, STARTTLS, AUTH and RSET).", section: "4.5.3.2.2" },
  rcptTimeoutSeconds: { label: "RCPT timeout", covers: "Wait for the answer to each RCPT TO.", section: "4.5.3.2.3" },
  dataInitTimeoutSeconds: { label: "DATA initiation timeout", covers: "Wait for the 354 that answers DATA.", section: "4.5.3.2.4" },
  dataBlockTimeoutSeconds: { label: "Data block timeout", covers: "Longest the gateway may take to accept each block of the message while it is sent.", section: "4.5.3.2.5" },
  dataTermTimeoutSeconds: {
    label: "DATA termination timeout",
    covers: "Wait for the answer to the final “.” of the message. If it does not come, the attempt is recorded as “outcome unknown”: the gateway may have accepted the message.",
    section: "4.5.3.2.6",
  },
};

export const timeoutLabel = (field: GatewayTimeoutField) => `${TIMEOUTS[field].label} (seconds)`;

export function timeoutHint(field: GatewayTimeoutField, facts: GatewaySessionFacts): string {
  const { covers, section } = TIMEOUTS[field];
  const source = section ? `the minimum of RFC 5321 §${section}` : "not an SMTP stage, so no RFC minimum";
  return `${covers} Default: ${formatSeconds(facts.defaults[field])} (${source}).`;
}

/** The warning under a timeout shorter than the RFC allows a server to take; null when it is not. */
export function timeoutWarning(field: GatewayTimeoutField, value: unknown, facts: GatewaySessionFacts): string | null {
  const minimum = facts.rfcMinimumSeconds[field];
  const seconds = Number(value);
  if (minimum === undefined || value === "" || !Number.isFinite(seconds) || seconds <= 0 || seconds >= minimum) return null;
  const below = `Shorter than RFC 5321 §${TIMEOUTS[field].section} allows a server to take (${formatSeconds(minimum)}).`;
  if (field === "dataTermTimeoutSeconds") {
    return `${below} The gateway may still accept a message Outgate gave up on, and the retry then delivers it twice.`;
  }
  return `${below} A slow but working gateway will time out: its mail fails over or waits for a retry.`;
}

export const LIMITS: Record<GatewayLimitField, { label: string; hint: (defaultValue: number) => string }> = {
  maxConnections: {
    label: "Max connections",
    hint: (value) =>
      `SMTP sessions each Outgate process keeps open to this gateway at once. If the gateway answers “too many connections” (421 4.3.2), Outgate lowers this by itself for a while. Default: ${value}.`,
  },
  messagesPerConnection: {
    label: "Messages per connection",
    hint: (value) => `Messages sent over one session before it is closed and a fresh one opened. Default: ${value}.`,
  },
  recipientsPerTransaction: {
    label: "Recipients per transaction",
    hint: (value) =>
      `RCPT TO commands per message transaction; further recipients go in the next transaction right away (RFC 5321 §4.5.3.1.8 requires servers to take at least 100). Default: ${value}.`,
  },
};

export const CLEARTEXT_WARNING =
  "With encryption None, the username and password cross the network in clear text (PLAIN and LOGIN only base64-encode them): anyone on the path to the gateway can read them. Auto prefers CRAM-MD5 when the gateway offers it, which hides the password but not the username. Choose STARTTLS or SSL/TLS unless the gateway is on a network you trust.";

export function formatSeconds(seconds: number): string {
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? "" : "s"}`;
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}
