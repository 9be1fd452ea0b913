import { getDb } from "../../platform/db";

/** SMTP listener activity for the overview; counts are SMTP transactions (MAIL FROM … end of DATA), not sessions. */
export type SmtpActivity = {
  /** Sessions open now over every listener process that reported in the last 30 s. */
  sessionsNow: number;
  /** Listener processes that reported in the last 30 s (0: no listener is running). */
  listeners: number;
  lastHour: { accepted: number; rejected: number };
  /** Per minute, last hour (60 steps, the current minute last), UTC-aligned; `at` in ISO 8601. */
  perMinute: { at: string[]; accepted: number[]; rejected: number[] };
};

const MINUTE_MS = 60_000;
/** Listeners flush every 5 s (lib/smtp-listener/record-smtp-activity.ts); a row older than this is a process gone. */
export const LISTENER_STALE_MS = 30_000;

/**
 * Reads what the SMTP listeners wrote to PostgreSQL (several processes add up): smtp_listener_sessions for the
 * sessions now, smtp_submissions_per_minute (one row per minute, primary key on it) for the last hour.
 */
export async function readSmtpActivity(now = new Date()): Promise<SmtpActivity> {
  const last = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  const first = new Date(last - 59 * MINUTE_MS);
  const [sessions, minutes] = await Promise.all([
    getDb().smtpListenerSessions.aggregate({
      where: { seenAt: { gte: new Date(now.getTime() - LISTENER_STALE_MS) } },
      _sum: { sessions: true },
      _count: { _all: true },
    }),
    getDb().smtpSubmissionPerMinute.findMany({ where: { minute: { gte: first } }, select: { minute: true, accepted: true, rejected: true } }),
  ]);
  const at = Array.from({ length: 60 }, (_, i) => new Date(first.getTime() + i * MINUTE_MS).toISOString());
  const accepted = new Array<number>(60).fill(0);
  const rejected = new Array<number>(60).fill(0);
  for (const row of minutes) {
    const index = Math.round((row.minute.getTime() - first.getTime()) / MINUTE_MS);
    if (index < 0 || index >= 60) continue;
    accepted[index] += row.accepted;
    rejected[index] += row.rejected;
  }
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return {
    sessionsNow: sessions._sum.sessions ?? 0,
    listeners: sessions._count._all,
    lastHour: { accepted: sum(accepted), rejected: sum(rejected) },
    perMinute: { at, accepted, rejected },
  };
}
