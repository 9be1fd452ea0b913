import { AppError } from "../../platform/errors";
import type { AuthenticatedApiKey } from "../api-keys/authenticate-api-key";
import { isClientAllowed, normaliseClientIp } from "./client-network";
import { readSmtpCredentialByUsername, recordSmtpCredentialUse, type SmtpCredentialRow } from "./read-smtp-credential";
import { recordSmtpAuthFailure, recordSmtpAuthSuccess, reserveSmtpAuthAttempt, settleSmtpAuthAttempt } from "./smtp-auth-throttle";
import { isVerifiedPassword, verifySmtpPassword } from "./verified-password-cache";
import { logAuthDeferred, logAuthFailure } from "../../platform/log";

export { findIpRelayClient } from "./find-ip-relay-client";

/**
 * The SMTP client a session acts for: the same shape as an API key, so the submission path's sender checks apply
 * unchanged. `allDomains` false with an empty `domainNames` (its domains were all deleted) sends for nothing — the
 * sender check refuses every envelope sender (550 5.7.1), as for such an API key.
 */
export type AuthenticatedSmtpClient = AuthenticatedApiKey;

export type SmtpAuthInput = {
  /** As the client sent it in AUTH PLAIN/LOGIN; compared case-insensitively (stored lower-case). */
  username: string;
  password: string;
  /** The peer's address as the socket reports it (IPv4-mapped IPv6 accepted); used for the throttle and the network check. */
  clientIp: string;
};

/**
 * Checks an SMTP AUTH (RFC 4954) username/password. The credential's row is read on every call, so a revocation
 * applies to the very next AUTH (only the argon2 result is cached, keyed so a wrong or changed password never hits:
 * verified-password-cache.ts).
 * - A password this process verified for the credential within the last five minutes of its use is let in at once,
 *   without the throttle: it proves what the throttle guards, and so a mail server that keeps relaying is not locked
 *   out by someone guessing at its username (five wrong passwords would otherwise stop it for the lock period).
 * - Every other attempt is counted before the password is checked (smtp-auth-throttle.ts: reserve-before-check,
 *   per username and per IP), so parallel guesses cannot slip past the ceiling; attempts beyond it wait for the ones
 *   being checked (up to 5 s) rather than being refused. The reservation is settled whatever happens.
 *
 * Throws AppError "rate_limited" (the listener answers 454 4.7.0) while the username or the IP is locked, or while
 * too many attempts are still being checked after the wait; "unauthorized" (535 5.7.8) for an unknown username, a
 * wrong password, a revoked credential or a client outside the credential's allowed networks — each counted as a
 * failure. Other errors are the database's.
 */
export async function authenticateSmtpCredential({ username, password, clientIp }: SmtpAuthInput): Promise<AuthenticatedSmtpClient> {
  const attempt = { username: username.trim().toLowerCase(), clientIp: normaliseClientIp(clientIp) };
  const known = await readSmtpCredentialByUsername(attempt.username);
  if (known && !refusalOf(known, attempt.clientIp) && isVerifiedPassword(known, password)) return signIn(known);

  const reservation = await reserveSmtpAuthAttempt(attempt);
  if (!reservation.allowed && reservation.busy) {
    logAuthDeferred({ service: "smtp", user: attempt.username, client: attempt.clientIp });
    throw new AppError("rate_limited", "Too many authentication attempts at once. Try again shortly.");
  }
  if (!reservation.allowed) {
    logAuthFailure({ service: "smtp", user: attempt.username, client: attempt.clientIp, reason: "locked after too many failures" });
    throw new AppError("rate_limited", `Too many failed authentication attempts. Try again in ${Math.ceil(reservation.retryAfterSeconds / 60)} minute(s).`);
  }
  let settled = false;
  try {
    // Read again: the first read came before a wait of up to 5 s for the reservation.
    const credential = await readSmtpCredentialByUsername(attempt.username);
    // The password is checked even for a revoked credential or a foreign address, so timing does not tell them apart.
    const passwordOk = await verifySmtpPassword(credential, password);
    const refusal = !credential || !passwordOk ? "Wrong username or password." : refusalOf(credential, attempt.clientIp);
    if (refusal || !credential) {
      await recordSmtpAuthFailure(attempt);
      settled = true;
      logAuthFailure({ service: "smtp", user: attempt.username, client: attempt.clientIp, reason: refusal ?? "Wrong username or password." });
      throw new AppError("unauthorized", refusal ?? "Wrong username or password.");
    }
    await recordSmtpAuthSuccess(attempt);
    settled = true;
    return await signIn(credential);
  } catch (error) {
    if (!settled) await settleSmtpAuthAttempt(attempt).catch(() => {});
    throw error;
  }
}

/** Why a credential with the right password may still not sign in from `clientIp`; null when it may. */
function refusalOf(credential: SmtpCredentialRow, clientIp: string | null): string | null {
  if (credential.revokedAt) return "This SMTP credential has been revoked.";
  if (!isClientAllowed(credential.allowedNetworks, clientIp)) return "This SMTP credential may not be used from this address.";
  return null;
}

async function signIn(credential: SmtpCredentialRow): Promise<AuthenticatedSmtpClient> {
  await recordSmtpCredentialUse(credential);
  return { id: credential.id, name: credential.name, allDomains: credential.allDomains, domainNames: credential.domainNames };
}
