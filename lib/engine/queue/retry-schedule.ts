/**
 * When to try a deferred message again, as data so settings can override it.
 * `delaysSeconds[n]` is the wait after the (n+1)-th failed attempt; the last entry repeats.
 * Comparable to Postfix (minimal_backoff_time 300 s, maximal_backoff_time 4000 s, maximal_queue_lifetime 5 d)
 * and Haraka's `temp_fail_intervals`.
 */
export type RetrySchedule = { delaysSeconds: number[]; maxLifetimeSeconds: number };

/**
 * The one source of the default schedule: the fallback settings (get-delivery-settings.ts) read it, and the
 * migration's column defaults for delivery_settings must equal it (get-delivery-settings.test.ts checks them).
 */
export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  delaysSeconds: [5 * 60, 10 * 60, 20 * 60, 40 * 60, 60 * 60],
  maxLifetimeSeconds: 5 * 24 * 60 * 60,
};

export type ComputeNextAttemptOptions = {
  /** Failed attempts so far, including the one that just failed. */
  attempts: number;
  firstQueuedAt: Date;
  now: Date;
  schedule?: RetrySchedule;
};

/**
 * Returns when to try again, or null once the message has outlived the queue lifetime and must bounce.
 * The next attempt is never scheduled past the end of the lifetime, so a message always gets one last try
 * right at its deadline instead of silently losing up to an hour.
 */
export function computeNextAttempt({
  attempts,
  firstQueuedAt,
  now,
  schedule = DEFAULT_RETRY_SCHEDULE,
}: ComputeNextAttemptOptions): Date | null {
  const { delaysSeconds, maxLifetimeSeconds } = schedule;
  if (delaysSeconds.length === 0) throw new RangeError("Retry schedule needs at least one delay");

  const expiresAt = firstQueuedAt.getTime() + maxLifetimeSeconds * 1000;
  if (now.getTime() >= expiresAt) return null;

  const index = Math.min(Math.max(attempts, 1), delaysSeconds.length) - 1;
  const next = now.getTime() + Math.max(delaysSeconds[index], 0) * 1000;
  return new Date(Math.min(next, expiresAt));
}
