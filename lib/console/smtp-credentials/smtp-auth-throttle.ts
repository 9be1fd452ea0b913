import { getEnv } from "../../platform/env";
import { recordAttemptFailure, recordAttemptSuccess, reserveAttemptPatiently, settleAttempt, type AttemptReservation, type ThrottleKey } from "../throttle/failed-attempt-throttle";

/** As for console sign-in: one IP may try many usernames, so it gets four times a username's ceiling. */
const IP_FAILURE_FACTOR = 4;

/** Who is attempting AUTH: the username as looked up (lower-case) and the client's normalised IP (null: unknown). */
export type SmtpAuthAttempt = { username: string; clientIp: string | null };

/**
 * The throttle keys of an SMTP AUTH attempt, apart from the console's ("smtp-user:", "smtp-ip:"), so a password
 * guesser on the SMTP port does not lock admins out of the console and the other way round. Same ceilings and
 * lock period as console sign-in: OUTGATE_LOGIN_MAX_FAILURES per username, four times that per IP, within
 * OUTGATE_LOGIN_LOCK_SECONDS.
 */
function keysOf({ username, clientIp }: SmtpAuthAttempt): ThrottleKey[] {
  const { OUTGATE_LOGIN_MAX_FAILURES: max } = getEnv();
  const keys = [{ key: `smtp-user:${username}`, max }];
  if (clientIp) keys.push({ key: `smtp-ip:${clientIp}`, max: max * IP_FAILURE_FACTOR });
  return keys;
}

/**
 * Reserves the attempt before the password is checked (failed-attempt-throttle.ts: reserve-before-check). While
 * more attempts of this username or IP are being checked than the ceiling allows, it waits for them (up to 5 s)
 * instead of refusing: a mail server opens many sessions with one credential at once (Postfix:
 * default_destination_concurrency_limit = 20), and only failures may lock it out.
 */
export function reserveSmtpAuthAttempt(attempt: SmtpAuthAttempt): Promise<AttemptReservation> {
  return reserveAttemptPatiently(keysOf(attempt), getEnv().OUTGATE_LOGIN_LOCK_SECONDS);
}

export function recordSmtpAuthFailure(attempt: SmtpAuthAttempt, now = new Date()): Promise<void> {
  return recordAttemptFailure(keysOf(attempt), getEnv().OUTGATE_LOGIN_LOCK_SECONDS, now);
}

/** The username's failures are forgotten; the IP keeps its failures (other usernames' too); both reservations settle. */
export function recordSmtpAuthSuccess(attempt: SmtpAuthAttempt, now = new Date()): Promise<void> {
  const [userKey, ...ipKeys] = keysOf(attempt).map(({ key }) => key);
  return recordAttemptSuccess({ forget: [userKey], handBack: ipKeys }, now);
}

/** The check ended in an error (neither a success nor a failure): the reservation stops counting at once. */
export function settleSmtpAuthAttempt(attempt: SmtpAuthAttempt): Promise<void> {
  return settleAttempt(keysOf(attempt));
}
