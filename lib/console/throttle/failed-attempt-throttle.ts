import { Prisma } from "../../generated/prisma/client";
import { getDb } from "../../platform/db";

/**
 * One throttled key in login_throttles: a name with its kind as prefix ("email:…", "ip:…", "smtp-user:…",
 * "smtp-ip:…"), and the failures it may collect inside one lock period before it is locked.
 */
export type ThrottleKey = { key: string; max: number };

/** What a reservation answers: go on to the password check, or refused for `retryAfterSeconds`. */
export type AttemptReservation = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts an attempt against each key BEFORE the password is checked, and answers whether it may go on:
 * `{ allowed: false, retryAfterSeconds }` when a key is locked or this attempt is past its ceiling.
 * The check and the count are one statement (an upsert that row-locks each key), so N parallel attempts get the
 * counts 1…N and only the first `max` reach the password check — checking first and counting after the slow
 * password hash let all of them through. A success hands its count back (recordAttemptSuccess); a failure keeps it
 * and, at the ceiling, starts the lock (recordAttemptFailure). Callers list keys in one fixed order (account, then
 * IP), so concurrent attempts take the rows in the same order and cannot deadlock. The window is the lock period.
 */
export async function reserveAttempt(keys: ThrottleKey[], lockSeconds: number, now = new Date()): Promise<AttemptReservation> {
  const windowStart = new Date(now.getTime() - lockSeconds * 1000);
  const values = Prisma.join(keys.map(({ key }) => Prisma.sql`(${key}, 1, ${now}::timestamptz)`));
  // A locked key stays as it is; a key whose lock or window has passed starts a new window at 1.
  const rows = await getDb().$queryRaw<{ key: string; failures: number; lockedUntil: Date | null }[]>`
    INSERT INTO login_throttles AS t (key, failures, window_starts_at) VALUES ${values}
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.locked_until > ${now} THEN t.failures
                      WHEN t.locked_until IS NOT NULL OR t.window_starts_at < ${windowStart} THEN 1
                      ELSE t.failures + 1 END,
      window_starts_at = CASE WHEN t.locked_until > ${now} THEN t.window_starts_at
                      WHEN t.locked_until IS NOT NULL OR t.window_starts_at < ${windowStart} THEN ${now}
                      ELSE t.window_starts_at END,
      locked_until = CASE WHEN t.locked_until > ${now} THEN t.locked_until ELSE NULL END
    RETURNING key, failures, locked_until AS "lockedUntil"`;
  const maxOf = new Map(keys.map(({ key, max }) => [key, max]));
  let retryAt = 0;
  for (const row of rows) {
    if (row.lockedUntil && row.lockedUntil > now) retryAt = Math.max(retryAt, row.lockedUntil.getTime());
    // Past the ceiling while earlier attempts are still being checked: refused, the lock follows their failures.
    else if (row.failures > maxOf.get(row.key)!) retryAt = Math.max(retryAt, now.getTime() + lockSeconds * 1000);
  }
  if (retryAt === 0) return { allowed: true };
  await handBackStatement(keys.map(({ key }) => key), now);
  return { allowed: false, retryAfterSeconds: Math.ceil((retryAt - now.getTime()) / 1000) };
}

/**
 * A reserved attempt failed: its count stays, and a key at its ceiling is locked for `lockSeconds` (one statement
 * for all keys; a key already locked keeps its lock).
 */
export async function recordAttemptFailure(keys: ThrottleKey[], lockSeconds: number, now = new Date()): Promise<void> {
  const lockedUntil = new Date(now.getTime() + lockSeconds * 1000);
  const ceilings = Prisma.join(keys.map(({ key, max }) => Prisma.sql`(${key}, ${max}::int)`));
  await getDb().$executeRaw`
    UPDATE login_throttles AS t SET locked_until = ${lockedUntil}, failures = 0, window_starts_at = ${now}
      FROM (VALUES ${ceilings}) AS c (key, max)
     WHERE t.key = c.key AND t.failures >= c.max AND (t.locked_until IS NULL OR t.locked_until <= ${now})`;
}

/**
 * A reserved attempt succeeded: the account's failures (`forget`) are dropped, and the shared keys (`handBack`,
 * e.g. the IP, which other accounts' failures also fill) get their reserved count back. One transaction.
 */
export async function recordAttemptSuccess({ forget, handBack }: { forget: string[]; handBack: string[] }, now = new Date()): Promise<void> {
  await getDb().$transaction([
    getDb().loginThrottle.deleteMany({ where: { key: { in: forget } } }),
    ...(handBack.length > 0 ? [handBackStatement(handBack, now)] : []),
  ]);
}

/** Undoes a reservation's count on keys that are not locked (a refused or successful attempt is no failure). */
function handBackStatement(keys: string[], now: Date) {
  return getDb().$executeRaw`
    UPDATE login_throttles SET failures = GREATEST(failures - 1, 0)
     WHERE key = ANY(${keys}::text[]) AND (locked_until IS NULL OR locked_until <= ${now})`;
}
