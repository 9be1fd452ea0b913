import { AppError } from "../../platform/errors";
import type { AuthenticatedApiKey } from "../api-keys/authenticate-api-key";
import { isClientAllowed, normaliseClientIp } from "./client-network";
import { readSmtpCredentialByUsername, recordSmtpCredentialUse } from "./read-smtp-credential";
import { recordSmtpAuthFailure, recordSmtpAuthSuccess, reserveSmtpAuthAttempt } from "./smtp-auth-throttle";
import { verifySmtpPassword } from "./verified-password-cache";
import { logAuthFailure } from "../../platform/log";

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
 * Checks an SMTP AUTH (RFC 4954) username/password. Every attempt is counted before the password is checked
 * (smtp-auth-throttle.ts: reserve-before-check, per username and per IP), so parallel guesses cannot slip past the
 * ceiling; parallel attempts beyond it wait for the ones being checked (up to 5 s) rather than being refused. The credential's row is read on every call (only the argon2 result is cached, keyed so a wrong or
 * changed password never hits: verified-password-cache.ts), so a revocation applies to the very next AUTH.
 *
 * Throws AppError "rate_limited" (429-like; the listener answers 454 4.7.0 or 421) while the username or the IP is
 * locked, or "unauthorized" (535 5.7.8) for an unknown username, a wrong password, a revoked credential or a client
 * outside the credential's allowed networks — each counted as a failure. Other errors are the database's.
 */
export async function authenticateSmtpCredential({ username, password, clientIp }: SmtpAuthInput): Promise<AuthenticatedSmtpClient> {
  const attempt = { username: username.trim().toLowerCase(), clientIp: normaliseClientIp(clientIp) };
  const reservation = await reserveSmtpAuthAttempt(attempt);
  if (!reservation.allowed && reservation.busy) {
    logAuthFailure({ service: "smtp", user: attempt.username, client: attempt.clientIp, reason: "too many attempts being checked at once" });
    throw new AppError("rate_limited", "Too many authentication attempts at once. Try again shortly.");
  }
  if (!reservation.allowed) {
    logAuthFailure({ service: "smtp", user: attempt.username, client: attempt.clientIp, reason: "locked after too many failures" });
    throw new AppError("rate_limited", `Too many failed authentication attempts. Try again in ${Math.ceil(reservation.retryAfterSeconds / 60)} minute(s).`);
  }
  const credential = await readSmtpCredentialByUsername(attempt.username);
  // The password is checked even for a revoked credential or a foreign address, so timing does not tell them apart.
  const passwordOk = await verifySmtpPassword(credential, password);
  const refusal = !credential || !passwordOk
    ? "Wrong username or password."
    : credential.revokedAt
      ? "This SMTP credential has been revoked."
      : !isClientAllowed(credential.allowedNetworks, attempt.clientIp)
        ? "This SMTP credential may not be used from this address."
        : null;
  if (refusal || !credential) {
    await recordSmtpAuthFailure(attempt);
    logAuthFailure({ service: "smtp", user: attempt.username, client: attempt.clientIp, reason: refusal ?? "Wrong username or password." });
    throw new AppError("unauthorized", refusal ?? "Wrong username or password.");
  }
  await Promise.all([recordSmtpAuthSuccess(attempt), recordSmtpCredentialUse(credential)]);
  return { id: credential.id, name: credential.name, allDomains: credential.allDomains, domainNames: credential.domainNames };
}
