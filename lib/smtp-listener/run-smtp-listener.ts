import os from "node:os";
import { getEnv } from "../platform/env";
import { getHostName } from "../platform/host-name";
import { readInstallationMark } from "../platform/installation-mark";
import { log } from "../platform/log";
import { loadSmtpTlsCertificate, watchSmtpTlsCertificate } from "../platform/smtp-tls-certificate";
import { describeListening } from "./describe-listening";
import { startSmtpListener, type SmtpListener } from "./start-smtp-listener";

/** A running listener as a process runs it: close stops the certificate watch too. */
export type RunningSmtpListener = Pick<SmtpListener, "ports" | "sessions"> & { close(): Promise<void> };

/**
 * The SMTP listener as configured by OUTGATE_SMTP_* (lib/platform/env.ts), with the TLS certificate from
 * OUTGATE_SMTP_TLS_CERT/_KEY (reloaded when the files change) or the self-signed one. Null when OUTGATE_SMTP_ENABLED
 * is false or every port is 0. Rejects when a port cannot be bound (the caller decides whether that is fatal).
 */
export async function runSmtpListener(): Promise<RunningSmtpListener | null> {
  const env = getEnv();
  const port = (value: number) => (value === 0 ? null : value);
  const ports = { submission: port(env.OUTGATE_SMTP_SUBMISSION_PORT), tls: port(env.OUTGATE_SMTP_TLS_PORT), plain: port(env.OUTGATE_SMTP_PLAIN_PORT) };
  if (!env.OUTGATE_SMTP_ENABLED || Object.values(ports).every((value) => value === null)) return null;

  const [certificate, hostName] = await Promise.all([loadSmtpTlsCertificate(), getHostName()]);
  const listener = await startSmtpListener({
    host: env.OUTGATE_SMTP_HOST,
    ports,
    maxSessions: env.OUTGATE_SMTP_MAX_SESSIONS,
    maxSessionsPerIp: env.OUTGATE_SMTP_MAX_SESSIONS_PER_IP,
    maxMessagesPerSession: env.OUTGATE_SMTP_MAX_MESSAGES_PER_SESSION,
    maxRecipients: env.OUTGATE_MAX_RECIPIENTS,
    maxMessageBytes: env.OUTGATE_MAX_MESSAGE_BYTES,
    idleTimeoutMs: env.OUTGATE_SMTP_IDLE_TIMEOUT_SECONDS * 1000,
    dataTimeoutMs: env.OUTGATE_SMTP_DATA_TIMEOUT_SECONDS * 1000,
    certificate,
    hostName: hostName.name,
    installationMark: readInstallationMark(),
  });
  const stopWatching = watchSmtpTlsCertificate((renewed) => {
    listener.updateCertificate(renewed);
    log("info", "smtp.certificate_reloaded", { subject: renewed.subject, notAfter: renewed.notAfter.toISOString() });
  });
  // Where it listens, in words an admin can act on: addresses, each port's kind, the name clients use (or why none can).
  const lines = describeListening({ host: env.OUTGATE_SMTP_HOST, ports: listener.ports }, { hostName: hostName.name, interfaces: os.networkInterfaces() });
  lines.push(`  TLS certificate: ${certificate.source}, ${certificate.subject}`);
  console.log(lines.map((line) => `[outgate] ${line}`).join("\n"));
  return {
    ports: listener.ports,
    sessions: listener.sessions,
    async close() {
      stopWatching();
      await listener.close();
    },
  };
}
