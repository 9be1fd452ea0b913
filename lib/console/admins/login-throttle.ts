import { getDb } from "../../platform/db";
import { getEnv } from "../../platform/env";

/** Failures from one IP may be spread over many accounts, so the IP gets a higher ceiling than an email. */
const IP_FAILURE_FACTOR = 4;

export type ThrottleKeys = { email: string; ip?: string | null };

function keysOf({ email, ip }: ThrottleKeys): { key: string; max: number }[] {
  const { OUTGATE_LOGIN_MAX_FAILURES: max } = getEnv();
  const keys = [{ key: `email:${email.trim().toLowerCase()}`, max }];
  if (ip) keys.push({ key: `ip:${ip}`, max: max * IP_FAILURE_FACTOR });
  return keys;
}

/** Seconds until the caller may try again, or 0 when not locked. */
export async function getLockoutSeconds(keys: ThrottleKeys, now = new Date()): Promise<number> {
  const rows = await getDb().loginThrottle.findMany({
    where: { key: { in: keysOf(keys).map((k) => k.key) }, lockedUntil: { gt: now } },
    select: { lockedUntil: true },
  });
  const until = Math.max(0, ...rows.map((row) => row.lockedUntil!.getTime()));
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

/** Counts a failure inside the lock window; reaching the ceiling locks the key for the lock period. */
export async function recordLoginFailure(keys: ThrottleKeys, now = new Date()): Promise<void> {
  const { OUTGATE_LOGIN_LOCK_SECONDS: lockSeconds } = getEnv();
  const windowStart = new Date(now.getTime() - lockSeconds * 1000);
  const lockedUntil = new Date(now.getTime() + lockSeconds * 1000);
  const db = getDb();
  for (const { key, max } of keysOf(keys)) {
    // One statement so concurrent failures cannot both read the old count.
    await db.$executeRaw`
      INSERT INTO login_throttles (key, failures, window_starts_at) VALUES (${key}, 1, ${now})
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN login_throttles.window_starts_at < ${windowStart} THEN 1 ELSE login_throttles.failures + 1 END,
        window_starts_at = CASE WHEN login_throttles.window_starts_at < ${windowStart} THEN ${now} ELSE login_throttles.window_starts_at END`;
    await db.$executeRaw`
      UPDATE login_throttles SET locked_until = ${lockedUntil}, failures = 0, window_starts_at = ${now}
      WHERE key = ${key} AND failures >= ${max}`;
  }
}

export async function clearLoginFailures(keys: ThrottleKeys): Promise<void> {
  await getDb().loginThrottle.deleteMany({ where: { key: `email:${keys.email.trim().toLowerCase()}` } });
}
