import { log } from "../platform/log";

/** One refused SMTP command, as the log line says it. `credential`: the name an admin gave it; null before AUTH. */
export type SmtpRefusal = { session: string; client: string; credential: string | null; stage: string; code: number; enhanced: string; reason: string };

/**
 * The smtp.rejected line, as Postfix's "NOQUEUE: reject" is: what an operator greps when a client says its mail
 * bounced, and what fail2ban-style tools match — relay attempts and missing AUTH (530, 5.7.x) at warn, the rest at
 * info. Written by recordRefusal (create-smtp-handlers.ts), which also counts the line for the overview, wherever the
 * refusal is made: the handlers' own checks and smtp-server's protocol layer (outgate-smtp-server.ts).
 */
export function logSmtpRefusal(refusal: SmtpRefusal): void {
  log(refusal.code === 530 || refusal.enhanced.startsWith("5.7.") ? "warn" : "info", "smtp.rejected", refusal);
}
