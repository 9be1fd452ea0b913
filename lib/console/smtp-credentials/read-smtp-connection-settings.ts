import { getDb } from "../../platform/db";
import { getEnv } from "../../platform/env";
import { getHostName } from "../../platform/host-name";
import { SMTP_PORT_KIND_ORDER, type SmtpPortKind } from "../../validation/smtp-listener-ports";
import { LISTENER_STALE_MS } from "../overview/read-smtp-activity";

/** One port clients may use: its kind, number, the bind address, and how many listener processes serve it now. */
export type SmtpPortStatus = { kind: SmtpPortKind; port: number; host: string; running: boolean; listeners: number };

export type SmtpConnectionSettings = {
  /** The name clients should connect to: Outgate's host name (lib/platform/host-name.ts), the certificate's name too. */
  hostName: string;
  /** False for a bare name ("web-1"): clients on other machines may not resolve it. */
  hostNameQualified: boolean;
  /** Running ports first in kind order; configured ports no listener serves follow as not running. */
  ports: SmtpPortStatus[];
  /** OUTGATE_SMTP_ENABLED in this process (npm start's own listener). */
  enabledHere: boolean;
};

/**
 * Where SMTP clients connect (the SMTP page): the ports every listener process reported in the last 30 s
 * (smtp_listener_sessions, written by each listener with its bind address and ports — `npm run smtp` processes
 * included, whatever their own settings), then the ports this process is configured for (OUTGATE_SMTP_*) that none
 * serves, as not running.
 */
export async function readSmtpConnectionSettings(now = new Date()): Promise<SmtpConnectionSettings> {
  const env = getEnv();
  const [hostName, rows] = await Promise.all([
    getHostName(),
    getDb().smtpListenerSessions.findMany({
      where: { seenAt: { gte: new Date(now.getTime() - LISTENER_STALE_MS) }, host: { not: null } },
      select: { host: true, submissionPort: true, tlsPort: true, plainPort: true },
    }),
  ]);
  const byKey = new Map<string, SmtpPortStatus>();
  const add = (kind: SmtpPortKind, port: number | null, host: string, running: boolean) => {
    if (port === null || port === 0) return;
    const key = `${kind}:${port}`;
    const known = byKey.get(key);
    if (!known) byKey.set(key, { kind, port, host, running, listeners: running ? 1 : 0 });
    else if (running) known.listeners++;
  };
  for (const row of rows) {
    add("submission", row.submissionPort, row.host!, true);
    add("tls", row.tlsPort, row.host!, true);
    add("plain", row.plainPort, row.host!, true);
  }
  if (env.OUTGATE_SMTP_ENABLED) {
    add("submission", env.OUTGATE_SMTP_SUBMISSION_PORT, env.OUTGATE_SMTP_HOST, false);
    add("tls", env.OUTGATE_SMTP_TLS_PORT, env.OUTGATE_SMTP_HOST, false);
    add("plain", env.OUTGATE_SMTP_PLAIN_PORT, env.OUTGATE_SMTP_HOST, false);
  }
  const ports = [...byKey.values()].sort(
    (a, b) => Number(b.running) - Number(a.running) || SMTP_PORT_KIND_ORDER.indexOf(a.kind) - SMTP_PORT_KIND_ORDER.indexOf(b.kind) || a.port - b.port,
  );
  // An address literal ("[192.0.2.10]", RFC 5321 §4.1.3) is what EHLO says; clients take the bare address.
  const name = hostName.name.replace(/^\[(?:IPv6:)?(.*)\]$/i, "$1");
  return { hostName: name, hostNameQualified: hostName.qualified, ports, enabledHere: env.OUTGATE_SMTP_ENABLED };
}
