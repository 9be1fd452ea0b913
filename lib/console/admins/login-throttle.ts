import { Prisma } from "../../generated/prisma/client";
import { getDb } from "../../platform/db";
import { getEnv } from "../../platform/env";

/** Failures from one IP may be spread over many accounts, so the IP gets a higher ceiling than an email. */
const IP_FAILURE_FACTOR = 4;

export type ThrottleKeys = { email: string; ip?: string | null };

type ThrottleKey = { key: string; max: number };

function keysOf({ email, ip }: ThrottleKeys): ThrottleKey[] {
  const { OUTGATE_LOGIN_MAX_FAILURES: max } = getEnv();
  const keys = [{ key: `email:${email.trim().toLowerCase()}`, max }];
  if (ip) keys.push({ key: `ip:${ip}`, max: max * IP_FAILURE_FACTOR });
  return keys;
}

/**
 * Counts a sign-in attempt against its email and IP BEFORE the password is checked, and answers whether it may go
 * on: `{ allowed: false, retryAfterSeconds }` when a key is locked or this attempt is past its ceiling.
 * The check and the count are one statement (an upsert that row-locks each key), so N parallel attempts get the
 * counts 1…N and only the first `max` reach the password check — checking first and counting after the slow
 * password hash let all of them through. A success hands its count back (recordLoginSuccess); a failure keeps it
 * and, at the ceiling, starts the lock (recordLoginFailure). Rows are taken in the same order (email, then IP)
 * by every attempt, so concurrent attempts cannot deadlock.
 */
export async function reserveLoginAttempt(keys: ThrottleKeys, now = new Date()): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  const { OUTGATE_LOGIN_LOCK_SECONDS: lockSeconds } = getEnv();
  const windowStart = new Date(now.getTime() - lockSeconds * 1000);
  const throttleKeys = keysOf(keys);
  const values = Prisma.join(throttleKeys.map(({ key }) => Prisma.sql`(${key}, 1, ${now}::timestamptz)`));
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
  const maxOf = new Map(throttleKeys.map(({ key, max }) => [key, max]));
  let retryAt = 0;
  for (const row of rows) {
    if (row.lockedUntil && row.lockedUntil > now) retryAt = Math.max(retryAt, row.lockedUntil.getTime());
    // Past the ceiling while earlier attempts are still being checked: refused, the lock follows their failures.
    else if (row.failures > maxOf.get(row.key)!) retryAt = Math.max(retryAt, now.getTime() + lockSeconds * 1000);
  }
  if (retryAt === 0) return { allowed: true };
  await handBack(throttleKeys.map(({ key }) => key), now);
  return { allowed: false, retryAfterSeconds: Math.ceil((retryAt - now.getTime()) / 1000) };
}

/**
 * A reserved attempt failed: its count stays, and a key at its ceiling is locked for OUTGATE_LOGIN_LOCK_SECONDS
 * (one statement for all keys; a key already locked keeps its lock).
 */
export async function recordLoginFailure(keys: ThrottleKeys, now = new Date()): Promise<void> {
  const { OUTGATE_LOGIN_LOCK_SECONDS: lockSeconds } = getEnv();
  const lockedUntil = new Date(now.getTime() + lockSeconds * 1000);
  const ceilings = Prisma.join(keysOf(keys).map(({ key, max }) => Prisma.sql`(${key}, ${max}::int)`));
  await getDb().$executeRaw`
    UPDATE login_throttles AS t SET locked_until = ${lockedUntil}, failures = 0, window_starts_at = ${now}
      FROM (VALUES ${ceilings}) AS c (key, max)
     WHERE t.key = c.key AND t.failures >= c.max AND (t.locked_until IS NULL OR t.locked_until <= ${now})`;
}

/** A reserved attempt succeeded: the account's failures are forgotten, and the IP gets its reserved count back. */
export async function recordLoginSuccess(keys: ThrottleKeys, now = new Date()): Promise<void> {
  const [emailKey, ...ipKeys] = keysOf(keys).map(({ key }) => key);
  await getDb().$transaction([
    getDb().loginThrottle.deleteMany({ where: { key: emailKey } }),
    ...(ipKeys.length > 0 ? [handBackStatement(ipKeys, now)] : []),
  ]);
}

/** Undoes a reservation's count on keys that are not locked (a refused or successful attempt is no failure). */
async function handBack(keys: string[], now: Date): Promise<void> {
  await handBackStatement(keys, now);
}

function handBackStatement(keys: string[], now: Date) {
  return getDb().$executeRaw`
    UPDATE login_throttles SET failures = GREATEST(failures - 1, 0)
     WHERE key = ANY(${keys}::text[]) AND (locked_until IS NULL OR locked_until <= ${now})`;
}
