import { log } from "../platform/log";

/**
 * One refused SMTP command, as the log line says it. `credential`: the name an admin gave it; null before AUTH.
 * `address`: at MAIL FROM and RCPT TO, the address refused (loggedAddress), as Postfix's from=<…> / to=<…>.
 */
export type SmtpRefusal = { session: string; client: string; credential: string | null; stage: string; code: number; enhanced: string; reason: string; address?: string };

/**
 * A client's envelope address for the log: without its angle brackets, control characters as "?", at most 256
 * characters (a path's limit, RFC 5321 §4.5.3.1.3) — a client's bytes, bounded, never a line of their own.
 */
export function loggedAddress(text: string): string {
  const path = /^<(.*)>$/s.exec(text.trim())?.[1] ?? text.trim();
  return path.replace(/[\x00-\x1f\x7f]/g, "?").slice(0, 256);
}

/**
 * The smtp.rejected line, as Postfix's "NOQUEUE: reject" is: what an operator greps when a client says its mail
 * bounced, and what fail2ban-style tools match — relay attempts and missing AUTH (530, 5.7.x) at warn, the rest at
 * info. Written by recordRefusal (create-smtp-handlers.ts), which also counts the line for the overview, wherever the
 * refusal is made: the handlers' own checks and smtp-server's protocol layer (outgate-smtp-server.ts).
 */
export function logSmtpRefusal(refusal: SmtpRefusal): void {
  log(refusal.code === 530 || refusal.enhanced.startsWith("5.7.") ? "warn" : "info", "smtp.rejected", refusal);
}
