import { getDb } from "../../platform/db";
import type { CertificateSummary } from "../../platform/smtp-tls-certificate";
import { LISTENER_STALE_MS } from "../overview/read-smtp-activity";

/** A certificate some running listener serves, with where: its bind address and TLS ports (STARTTLS and implicit). */
export type ListenerCertificate = CertificateSummary & { listeners: { host: string; ports: number[] }[] };

/**
 * The TLS certificates the SMTP listener processes seen in the last 30 s serve (smtp_listener_sessions, each row
 * written by its process with the certificate it holds now), one entry per SHA-256 fingerprint, oldest expiry first.
 * The SMTP page sets them beside the certificate its own process loads: a listener started apart (`npm run smtp` with
 * other OUTGATE_SMTP_TLS_* files, or none) may serve another one.
 */
export async function listListenerCertificates(now = new Date()): Promise<ListenerCertificate[]> {
  const rows = await getDb().smtpListenerSessions.findMany({
    where: { seenAt: { gte: new Date(now.getTime() - LISTENER_STALE_MS) }, certificateSha256: { not: null } },
    select: { host: true, submissionPort: true, tlsPort: true, certificateSubject: true, certificateNotAfter: true, certificateSha256: true },
    orderBy: { listenerId: "asc" },
  });
  const byFingerprint = new Map<string, ListenerCertificate>();
  for (const row of rows) {
    const fingerprintSha256 = row.certificateSha256!;
    const entry = byFingerprint.get(fingerprintSha256) ?? {
      subject: row.certificateSubject ?? "",
      notAfter: row.certificateNotAfter ?? new Date(0),
      fingerprintSha256,
      listeners: [],
    };
    entry.listeners.push({ host: row.host ?? "", ports: [row.submissionPort, row.tlsPort].filter((port): port is number => port !== null) });
    byFingerprint.set(fingerprintSha256, entry);
  }
  return [...byFingerprint.values()].sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime());
}
