import type os from "node:os";
import { describeBindAddress, SMTP_PORT_KIND_ORDER, SMTP_PORT_KINDS } from "../validation/smtp-listener-ports";
import type { SmtpListening } from "./record-smtp-activity";

/**
 * The start-up lines that say where the listener listens and how clients reach it: the bind address in words (with
 * the machine's own addresses when it binds them all), one line per port with its kind, security and AUTH, and the
 * name clients should use (Outgate's host name, lib/platform/host-name.ts — also the self-signed certificate's).
 * `interfaces` is os.networkInterfaces(); loopback and link-local addresses are left out.
 */
export function describeListening(listening: Pick<SmtpListening, "host" | "ports">, { hostName, interfaces }: { hostName: string; interfaces: ReturnType<typeof os.networkInterfaces> }): string[] {
  const bind = describeBindAddress(listening.host);
  const wildcard = listening.host === "0.0.0.0" || listening.host === "::";
  const own = wildcard
    ? Object.values(interfaces)
        .flat()
        .filter((entry) => entry && !entry.internal && !entry.address.startsWith("fe80:") && (listening.host === "::" || entry.family === "IPv4"))
        .map((entry) => entry!.address)
    : [];
  const lines = [`SMTP listener on ${bind.text}${own.length > 0 ? ` (${own.join(", ")})` : ""}:`];
  for (const kind of SMTP_PORT_KIND_ORDER) {
    const port = listening.ports[kind];
    if (port === null) continue;
    const info = SMTP_PORT_KINDS[kind];
    lines.push(`  port ${port}: ${info.label}; ${info.auth}`);
  }
  lines.push(
    bind.loopbackOnly
      ? `  mail servers on other machines cannot reach it: set OUTGATE_SMTP_HOST=0.0.0.0 (or this machine's address) to serve them`
      : `  clients connect to ${hostName}`,
  );
  return lines;
}
