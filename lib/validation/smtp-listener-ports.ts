/**
 * The SMTP listener's three kinds of port (lib/smtp-listener/start-smtp-listener.ts), in the words a provider's help
 * page uses for client settings: shared by the start-up log and the console's SMTP page, so both say the same.
 */
export type SmtpPortKind = "submission" | "tls" | "plain";

export type SmtpPortKindInfo = {
  /** What the port is, e.g. "Submission with STARTTLS". */
  label: string;
  /** "Security" as mail clients name the setting: STARTTLS, SSL/TLS (implicit TLS), None. */
  security: "STARTTLS" | "SSL/TLS" | "None";
  /** How a client authenticates on it. */
  auth: string;
  /** The variable that sets it (0 turns it off). */
  envVar: string;
  /** The standard port whose role it plays (RFC 6409, RFC 8314), or null. */
  standardPort: number | null;
};

export const SMTP_PORT_KINDS: Readonly<Record<SmtpPortKind, SmtpPortKindInfo>> = {
  submission: {
    label: "Submission with STARTTLS",
    security: "STARTTLS",
    auth: "AUTH PLAIN or LOGIN with an SMTP credential, after STARTTLS",
    envVar: "OUTGATE_SMTP_SUBMISSION_PORT",
    standardPort: 587,
  },
  tls: {
    label: "Submission over implicit TLS",
    security: "SSL/TLS",
    auth: "AUTH PLAIN or LOGIN with an SMTP credential",
    envVar: "OUTGATE_SMTP_TLS_PORT",
    standardPort: 465,
  },
  plain: {
    label: "Plain, for IP-only relay networks",
    security: "None",
    auth: "None: only clients on the networks of an IP-only relay credential",
    envVar: "OUTGATE_SMTP_PLAIN_PORT",
    standardPort: null,
  },
};

export const SMTP_PORT_KIND_ORDER: readonly SmtpPortKind[] = ["submission", "tls", "plain"];

/**
 * Which addresses a bind address covers, for people: "0.0.0.0" every IPv4 address, "::" every address (IPv6 and,
 * dual-stack, IPv4), a loopback address only this machine; anything else that one address.
 */
export function describeBindAddress(host: string): { text: string; loopbackOnly: boolean } {
  if (host === "0.0.0.0") return { text: "every IPv4 address of this machine", loopbackOnly: false };
  if (host === "::" || host === "[::]") return { text: "every address of this machine (IPv6 and IPv4)", loopbackOnly: false };
  if (/^(127\.|::1$|\[::1\]$|localhost$)/i.test(host)) return { text: `${host}, loopback only: other machines cannot connect`, loopbackOnly: true };
  return { text: host, loopbackOnly: false };
}
