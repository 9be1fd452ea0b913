import { getEnv } from "../../platform/env";
import { recordAttemptFailure, recordAttemptSuccess, reserveAttempt, type AttemptReservation, type ThrottleKey } from "../throttle/failed-attempt-throttle";

/** Failures from one IP may be spread over many accounts, so the IP gets a higher ceiling than an email. */
const IP_FAILURE_FACTOR = 4;

export type ThrottleKeys = { email: string; ip?: string | null };

function keysOf({ email, ip }: ThrottleKeys): ThrottleKey[] {
  const { OUTGATE_LOGIN_MAX_FAILURES: max } = getEnv();
  const keys = [{ key: `email:${email.trim().toLowerCase()}`, max }];
  if (ip) keys.push({ key: `ip:${ip}`, max: max * IP_FAILURE_FACTOR });
  return keys;
}

/**
 * Counts a sign-in attempt against its email and IP before the password is checked (reserve-before-check, see
 * lib/console/throttle/failed-attempt-throttle.ts), with OUTGATE_LOGIN_MAX_FAILURES per email (four times that per
 * IP) within OUTGATE_LOGIN_LOCK_SECONDS.
 */
export function reserveLoginAttempt(keys: ThrottleKeys, now = new Date()): Promise<AttemptReservation> {
  return reserveAttempt(keysOf(keys), getEnv().OUTGATE_LOGIN_LOCK_SECONDS, now);
}

/** A reserved attempt failed: a key at its ceiling is locked for OUTGATE_LOGIN_LOCK_SECONDS. */
export function recordLoginFailure(keys: ThrottleKeys, now = new Date()): Promise<void> {
  return recordAttemptFailure(keysOf(keys), getEnv().OUTGATE_LOGIN_LOCK_SECONDS, now);
}

/** A reserved attempt succeeded: the account's failures are forgotten; both reservations settle (the IP keeps its failures). */
export function recordLoginSuccess(keys: ThrottleKeys, now = new Date()): Promise<void> {
  const [emailKey, ...ipKeys] = keysOf(keys).map(({ key }) => key);
  return recordAttemptSuccess({ forget: [emailKey], handBack: ipKeys }, now);
}
