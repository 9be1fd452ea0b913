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
 * How long a reservation counts when nothing settles it (its process died mid-check, or a statement failed): far
 * longer than a check takes (a credential read and one argon2 hash), short enough that a leak heals by itself.
 */
export const PENDING_TTL_MS = 30_000;

/**
 * Reserves an attempt on each key BEFORE the password is checked, and answers whether it may go on. Each key
 * counts its failures in the window and the attempts being checked now (pending_until: one expiry time each); an
 * attempt goes on while failures + pending stay within the key's ceiling, so N parallel guesses cannot all reach
 * the password check before the first failure is recorded (checking first and counting after the slow hash let
 * all of them through). The check and the count are one statement (an upsert that row-locks each key).
 *
 * Every reservation is settled once: refused here (handed back at once), or recordAttemptSuccess /
 * recordAttemptFailure / settleAttempt after the check; one that is not stops counting after PENDING_TTL_MS. Only
 * failures lock a key, so parallel attempts with the right password — a mail server opening 20 sessions with one
 * credential — are never locked out, only made to wait (busy). The window is the lock period.
 *
 * Every statement here locks its keys in one order (byte order of the key, lockOrder), so concurrent attempts —
 * reserving, settling, failing — wait for each other but never deadlock (PostgreSQL's UPDATE … WHERE key = ANY
 * locks in index order, an INSERT … VALUES in the order given: both are made the same).
 */
export async function reserveAttempt(keys: ThrottleKey[], lockSeconds: number, now = new Date()): Promise<AttemptReservation> {
  const ordered = lockOrder(keys);
  const windowStart = new Date(now.getTime() - lockSeconds * 1000);
  const expiry = new Date(now.getTime() + PENDING_TTL_MS);
  const values = Prisma.join(ordered.map(({ key }) => Prisma.sql`(${key}, 0, ARRAY[${expiry}::timestamptz(3)], ${now}::timestamptz)`));
  const rows = await getDb().$queryRaw<{ key: string; failures: number; pending: number; lockedUntil: Date | null }[]>`
    INSERT INTO login_throttles AS t (key, failures, pending_until, window_starts_at) VALUES ${values}
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.locked_until > ${now} THEN t.failures
                      WHEN t.locked_until IS NOT NULL OR t.window_starts_at < ${windowStart} THEN 0
                      ELSE t.failures END,
      pending_until = array_append(ARRAY(SELECT p FROM unnest(coalesce(t.pending_until, '{}')) AS p WHERE p > ${now} ORDER BY p), ${expiry}::timestamptz(3)),
      window_starts_at = CASE WHEN t.locked_until > ${now} THEN t.window_starts_at
                      WHEN t.locked_until IS NOT NULL OR t.window_starts_at < ${windowStart} THEN ${now}
                      ELSE t.window_starts_at END,
      locked_until = CASE WHEN t.locked_until > ${now} THEN t.locked_until ELSE NULL END
    RETURNING key, failures, cardinality(pending_until) AS pending, locked_until AS "lockedUntil"`;
  const maxOf = new Map(keys.map(({ key, max }) => [key, max]));
  let lockedUntil = 0;
  let busy = false;
  for (const row of rows) {
    if (row.lockedUntil && row.lockedUntil > now) lockedUntil = Math.max(lockedUntil, row.lockedUntil.getTime());
    else if (row.failures + row.pending > maxOf.get(row.key)!) busy = true;
  }
  if (lockedUntil === 0 && !busy) return { allowed: true };
  await settleAttempt(keys);
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
  const ceilings = Prisma.join(lockOrder(keys).map(({ key, max }) => Prisma.sql`(${key}, ${max}::int)`));
  await getDb().$executeRaw`
    WITH c (key, max) AS (VALUES ${ceilings}),
         locked AS (SELECT t.key, c.max FROM login_throttles AS t JOIN c ON c.key = t.key ORDER BY t.key COLLATE "C" FOR UPDATE OF t)
    UPDATE login_throttles AS t SET
      pending_until = (coalesce(t.pending_until, '{}'))[2:],
      failures = CASE WHEN t.locked_until > ${now} THEN t.failures WHEN t.failures + 1 >= l.max THEN 0 ELSE t.failures + 1 END,
      locked_until = CASE WHEN t.locked_until > ${now} THEN t.locked_until WHEN t.failures + 1 >= l.max THEN ${lockedUntil} ELSE t.locked_until END,
      window_starts_at = CASE WHEN t.locked_until > ${now} OR t.failures + 1 < l.max THEN t.window_starts_at ELSE ${now} END
      FROM locked AS l
     WHERE t.key = l.key`;
}

/**
 * A reserved attempt succeeded: every key's reservation is settled, and the account's failures (`forget`) are
 * dropped — the shared keys (`handBack`, e.g. the IP, which other accounts' failures also fill) keep theirs.
 * One statement.
 */
export async function recordAttemptSuccess({ forget, handBack }: { forget: string[]; handBack: string[] }, now = new Date()): Promise<void> {
  await getDb().$executeRaw`
    WITH locked AS (SELECT key FROM login_throttles WHERE key = ANY(${[...forget, ...handBack]}::text[]) ORDER BY key COLLATE "C" FOR UPDATE)
    UPDATE login_throttles AS t SET pending_until = (coalesce(t.pending_until, '{}'))[2:],
           failures = CASE WHEN t.key = ANY(${forget}::text[]) AND (t.locked_until IS NULL OR t.locked_until <= ${now}) THEN 0 ELSE t.failures END
      FROM locked AS l
     WHERE t.key = l.key`;
}

/**
 * Settles a reservation that is neither a success nor a failure — refused here, or its check ended in an error
 * (the database, say): the attempt stops counting as being checked.
 */
export async function settleAttempt(keys: ThrottleKey[]): Promise<void> {
  await getDb().$executeRaw`
    WITH locked AS (SELECT key FROM login_throttles WHERE key = ANY(${keys.map(({ key }) => key)}::text[]) ORDER BY key COLLATE "C" FOR UPDATE)
    UPDATE login_throttles AS t SET pending_until = (coalesce(t.pending_until, '{}'))[2:] FROM locked AS l WHERE t.key = l.key`;
}

/** Keys in byte order of their names — PostgreSQL's COLLATE "C" order — the one order every statement locks them in. */
function lockOrder(keys: ThrottleKey[]): ThrottleKey[] {
  return [...keys].sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
}
