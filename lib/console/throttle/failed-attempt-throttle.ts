import { setTimeout as sleep } from "node:timers/promises";
import { Prisma } from "../../generated/prisma/client";
import { getDb } from "../../platform/db";

/**
 * One throttled key in login_throttles: a name with its kind as prefix ("email:…", "ip:…", "smtp-user:…",
 * "smtp-ip:…"), and the failures it may collect inside one lock period before it is locked.
 */
export type ThrottleKey = { key: string; max: number };

/**
 * What a reservation answers: go on to the password check, or refused for `retryAfterSeconds`. `busy`: no key is
 * locked, but so many attempts are being checked that one more could pass the ceiling if they all failed — the
 * answer is known once they settle (reserveAttemptPatiently waits for that).
 */
export type AttemptReservation = { allowed: true } | { allowed: false; busy: boolean; retryAfterSeconds: number };

/**
 * Reserves an attempt on each key BEFORE the password is checked, and answers whether it may go on. Each key
 * counts its failures in the window and the attempts being checked now (`pending`); an attempt goes on while
 * failures + pending stay within the key's ceiling, so N parallel guesses cannot all reach the password check
 * before the first failure is recorded (checking first and counting after the slow hash let all of them through).
 * The check and the count are one statement (an upsert that row-locks each key); callers list keys in one fixed
 * order (account, then IP), so concurrent attempts take the rows in the same order and cannot deadlock.
 *
 * Every reservation is settled exactly once: refused here (handed back at once), or recordAttemptSuccess /
 * recordAttemptFailure after the check. Only failures lock a key, so parallel attempts with the right password —
 * a mail server opening 20 sessions with one credential — are never locked out, only made to wait (busy).
 * The window is the lock period; a window that has passed starts again at zero failures and zero pending (which
 * also heals a count left pending by a process that died mid-check).
 */
export async function reserveAttempt(keys: ThrottleKey[], lockSeconds: number, now = new Date()): Promise<AttemptReservation> {
  const windowStart = new Date(now.getTime() - lockSeconds * 1000);
  const values = Prisma.join(keys.map(({ key }) => Prisma.sql`(${key}, 0, 1, ${now}::timestamptz)`));
  const rows = await getDb().$queryRaw<{ key: string; failures: number; pending: number; lockedUntil: Date | null }[]>`
    INSERT INTO login_throttles AS t (key, failures, pending, window_starts_at) VALUES ${values}
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.locked_until > ${now} THEN t.failures
                      WHEN t.locked_until IS NOT NULL OR t.window_starts_at < ${windowStart} THEN 0
                      ELSE t.failures END,
      pending = CASE WHEN t.locked_until IS NULL AND t.window_starts_at < ${windowStart} THEN 1 ELSE t.pending + 1 END,
      window_starts_at = CASE WHEN t.locked_until > ${now} THEN t.window_starts_at
                      WHEN t.locked_until IS NOT NULL OR t.window_starts_at < ${windowStart} THEN ${now}
                      ELSE t.window_starts_at END,
      locked_until = CASE WHEN t.locked_until > ${now} THEN t.locked_until ELSE NULL END
    RETURNING key, failures, pending, locked_until AS "lockedUntil"`;
  const maxOf = new Map(keys.map(({ key, max }) => [key, max]));
  let lockedUntil = 0;
  let busy = false;
  for (const row of rows) {
    if (row.lockedUntil && row.lockedUntil > now) lockedUntil = Math.max(lockedUntil, row.lockedUntil.getTime());
    else if (row.failures + row.pending > maxOf.get(row.key)!) busy = true;
  }
  if (lockedUntil === 0 && !busy) return { allowed: true };
  await settleStatement(keys.map(({ key }) => key));
  if (lockedUntil > 0) return { allowed: false, busy: false, retryAfterSeconds: Math.ceil((lockedUntil - now.getTime()) / 1000) };
  return { allowed: false, busy: true, retryAfterSeconds: 1 };
}

/**
 * reserveAttempt, waiting while the answer is only "busy": every `pollMs` (±50 %, so waiters do not retry in step)
 * for at most `waitMs`, then the busy refusal. A locked key is answered at once. For SMTP AUTH, where a mail
 * server opens many sessions with one credential at the same moment and a refusal would cost it a retry.
 */
export async function reserveAttemptPatiently(keys: ThrottleKey[], lockSeconds: number, { waitMs = 5_000, pollMs = 40 } = {}): Promise<AttemptReservation> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const reservation = await reserveAttempt(keys, lockSeconds);
    if (reservation.allowed || !reservation.busy || Date.now() >= deadline) return reservation;
    await sleep(pollMs * (0.5 + Math.random()));
  }
}

/**
 * A reserved attempt failed: its reservation becomes a failure, and a key at its ceiling is locked for
 * `lockSeconds` (one statement for all keys; a key already locked keeps its lock). Only failures count towards the
 * lock — attempts still being checked do not.
 */
export async function recordAttemptFailure(keys: ThrottleKey[], lockSeconds: number, now = new Date()): Promise<void> {
  const lockedUntil = new Date(now.getTime() + lockSeconds * 1000);
  const ceilings = Prisma.join(keys.map(({ key, max }) => Prisma.sql`(${key}, ${max}::int)`));
  await getDb().$executeRaw`
    UPDATE login_throttles AS t SET
      pending = GREATEST(t.pending - 1, 0),
      failures = CASE WHEN t.locked_until > ${now} THEN t.failures WHEN t.failures + 1 >= c.max THEN 0 ELSE t.failures + 1 END,
      locked_until = CASE WHEN t.locked_until > ${now} THEN t.locked_until WHEN t.failures + 1 >= c.max THEN ${lockedUntil} ELSE t.locked_until END,
      window_starts_at = CASE WHEN t.locked_until > ${now} OR t.failures + 1 < c.max THEN t.window_starts_at ELSE ${now} END
      FROM (VALUES ${ceilings}) AS c (key, max)
     WHERE t.key = c.key`;
}

/**
 * A reserved attempt succeeded: every key's reservation is settled, and the account's failures (`forget`) are
 * dropped — the shared keys (`handBack`, e.g. the IP, which other accounts' failures also fill) keep theirs.
 * One statement.
 */
export async function recordAttemptSuccess({ forget, handBack }: { forget: string[]; handBack: string[] }, now = new Date()): Promise<void> {
  await getDb().$executeRaw`
    UPDATE login_throttles SET pending = GREATEST(pending - 1, 0),
           failures = CASE WHEN key = ANY(${forget}::text[]) AND (locked_until IS NULL OR locked_until <= ${now}) THEN 0 ELSE failures END
     WHERE key = ANY(${[...forget, ...handBack]}::text[])`;
}

/** Settles a refused reservation: its pending count is handed back (a refused attempt is no failure). */
function settleStatement(keys: string[]) {
  return getDb().$executeRaw`UPDATE login_throttles SET pending = GREATEST(pending - 1, 0) WHERE key = ANY(${keys}::text[])`;
}
