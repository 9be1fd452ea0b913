import { normaliseServerAddress } from "./hostname";

/**
 * Where a stored password was given for. A blank password field means "keep the stored one", and that is only
 * safe while the password would still go to the same place: otherwise anyone who can edit a gateway could send
 * the stored password to a server of their choice (issue #12, kind 2). Pure, so the form and the server agree.
 */
export type AuthDestination = { address: string; port: number; username: string };
export type SmarterMailDestination = { url: string; username: string };

export const AUTH_DESTINATION_CHANGED = "Enter the password again: the server/port/user changed.";
export const SMARTERMAIL_DESTINATION_CHANGED = "Enter the password again: the SmarterMail URL/user changed.";

/** The form's raw values or the schema's parsed ones: the address may still need normalising, the port may be text. */
type TypedAuth = { address?: string; port?: string | number; authUsername?: string };
type TypedSmarterMail = { smartermailUrl?: string; smartermailUsername?: string };

/** True when the typed server address, port and username are the ones the password was stored for. */
export function isSameAuthDestination(stored: AuthDestination, typed: TypedAuth): boolean {
  const address = normaliseServerAddress(typed.address ?? "");
  return address !== null && address === stored.address && Number(typed.port) === stored.port && (typed.authUsername ?? "").trim() === stored.username;
}

/** True when the typed SmarterMail URL (scheme, host, port and path) and username are the ones the password was stored for. */
export function isSameSmarterMailDestination(stored: SmarterMailDestination, typed: TypedSmarterMail): boolean {
  const url = toSmarterMailOrigin(typed.smartermailUrl ?? "");
  return url !== null && url === toSmarterMailOrigin(stored.url) && (typed.smartermailUsername ?? "").trim() === stored.username;
}

/**
 * The part of a SmarterMail URL that decides where a request goes, as the client sends it (see
 * lib/engine/smartermail/normalize-base-url.ts): scheme, host and port as the WHATWG URL parser spells them
 * (lower case, default port dropped) and the path with a trailing slash; query, fragment and credentials are not
 * sent. Null for anything that is not an http(s) URL.
 */
function toSmarterMailOrigin(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) return null;
  const path = url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`;
  return `${url.protocol}//${url.host}${path}`;
}
