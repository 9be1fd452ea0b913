import type { CertificateSummary } from "../platform/smtp-tls-certificate";
import { runStatement } from "../platform/db";
import { log } from "../platform/log";

/** Where a listener process listens: its bind address and each port (null = off). */
/** Where a listener process listens, and the certificate its TLS ports serve (null: no TLS port). */
export type SmtpListening = { host: string; ports: { submission: number | null; tls: number | null; plain: number | null }; certificate: CertificateSummary | null };

export type SmtpActivityRecorder = {
  /** One transaction answered 250 after DATA. */
  accepted(): void;
  /** One refusal, as logged in smtp.rejected: a session, a command or a transaction (recordRefusal, create-smtp-handlers.ts). */
  rejected(): void;
  /** Writes what is pending now (the overview reads PostgreSQL only). */
  flush(): Promise<void>;
  /** Last flush, and this listener's sessions row removed. */
  stop(): Promise<void>;
};

/**
 * The listener's counts for the overview, kept in PostgreSQL so every listener process adds up: transactions accepted
 * and refusals per UTC minute (smtp_submissions_per_minute, added to in one upsert per flush) and this process's open
 * sessions (smtp_listener_sessions, its row refreshed each flush with where it listens; the overview counts rows seen in
 * the last 30 s, the SMTP page shows their ports as running).
 * Counting is in memory and flushed every `intervalMs`, so a busy listener costs one statement per interval, not one
 * per message; a failed flush keeps its counts for the next.
 */
export function createSmtpActivityRecorder({
  listenerId,
  sessions,
  listening = () => null,
  intervalMs = 5000,
}: {
  listenerId: string;
  sessions: () => number;
  /** Null until every port listens. */
  listening?: () => SmtpListening | null;
  intervalMs?: number;
}): SmtpActivityRecorder {
  // Per minute (epoch ms of the minute's start): [accepted, rejected].
  let pending = new Map<number, [number, number]>();
  const add = (index: 0 | 1) => {
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const counts = pending.get(minute) ?? [0, 0];
    counts[index]++;
    pending.set(minute, counts);
  };

  let running: Promise<void> = Promise.resolve();
  const flush = () => {
    running = running.then(async () => {
      const batch = pending;
      pending = new Map();
      try {
        await writeActivity(listenerId, sessions(), listening(), batch);
      } catch (error) {
        // Kept for the next flush: the database may be back by then.
        for (const [minute, [accepted, rejected]] of batch) {
          const counts = pending.get(minute) ?? [0, 0];
          pending.set(minute, [counts[0] + accepted, counts[1] + rejected]);
        }
        log("warn", "smtp.activity_flush_failed", { error: (error as Error).message });
      }
    });
    return running;
  };
  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();
  void flush();

  return {
    accepted: () => add(0),
    rejected: () => add(1),
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
      await runStatement("DELETE FROM smtp_listener_sessions WHERE listener_id = $1", [listenerId]).catch(() => {});
    },
  };
}

async function writeActivity(listenerId: string, sessions: number, where: SmtpListening | null, batch: Map<number, [number, number]>): Promise<void> {
  const minutes = [...batch.keys()].sort((a, b) => a - b);
  await runStatement(
    `WITH counts AS (
       INSERT INTO smtp_submissions_per_minute (minute, accepted, rejected)
       SELECT to_timestamp(m / 1000.0), a, r FROM unnest($1::bigint[], $2::int[], $3::int[]) AS c(m, a, r)
       ON CONFLICT (minute) DO UPDATE SET accepted = smtp_submissions_per_minute.accepted + EXCLUDED.accepted,
                                          rejected = smtp_submissions_per_minute.rejected + EXCLUDED.rejected
     )
     INSERT INTO smtp_listener_sessions (listener_id, sessions, seen_at, host, submission_port, tls_port, plain_port,
                                         certificate_subject, certificate_not_after, certificate_sha256)
     VALUES ($4, $5, now(), $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (listener_id) DO UPDATE SET sessions = EXCLUDED.sessions, seen_at = EXCLUDED.seen_at, host = EXCLUDED.host,
       submission_port = EXCLUDED.submission_port, tls_port = EXCLUDED.tls_port, plain_port = EXCLUDED.plain_port,
       certificate_subject = EXCLUDED.certificate_subject, certificate_not_after = EXCLUDED.certificate_not_after,
       certificate_sha256 = EXCLUDED.certificate_sha256`,
    [
      minutes,
      minutes.map((m) => batch.get(m)![0]),
      minutes.map((m) => batch.get(m)![1]),
      listenerId,
      sessions,
      where?.host ?? null,
      where?.ports.submission ?? null,
      where?.ports.tls ?? null,
      where?.ports.plain ?? null,
      where?.certificate?.subject ?? null,
      where?.certificate?.notAfter ?? null,
      where?.certificate?.fingerprintSha256 ?? null,
    ],
  );
}
