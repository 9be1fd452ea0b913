import type { AuthenticatedApiKey } from "../console/api-keys/authenticate-api-key";
import { getDb } from "../platform/db";
import { AppError } from "../platform/errors";
import { CLIENT_REFUSED_FIELDS, DKIM_SIGNATURE_FIELD, RELAYED_TRACE_FIELDS, SENDER_IDENTITY_FIELDS } from "../validation/header-policy";
import { toAsciiHostname } from "../validation/hostname";
import type { HeaderField } from "./read-header-fields";
import { excerpt, readAddresses } from "./read-raw-headers";
import { refuseRaw } from "./wire-lines";

/**
 * A sender identity a message carries besides MAIL FROM: an address in From, Sender, Resent-From or Resent-Sender, or
 * a DKIM-Signature's d= domain. `domain` is lower-case ASCII (IDNA), or null when it cannot be a hosted domain (an
 * address literal, a missing d= tag); `claim` says where it was found, for the error ("the Sender header field names
 * x@y").
 */
export type SenderIdentity = { domain: string | null; claim: string };

/** What scopes a submitter: an API key, or an SMTP credential of the same shape. */
export type DomainScoped = Pick<AuthenticatedApiKey, "allDomains" | "domainNames">;

/** The domains an API key may send for: every hosted one, or the listed ones (lower-case ASCII). */
export type KeyDomainScope = { all: true } | { all: false; domains: ReadonlySet<string> };

/**
 * The key's scope, read from what authenticateApiKey returns: its explicit all-domains flag, else its list (a limited
 * key whose domains were all deleted has an empty list and covers nothing).
 */
export function readKeyDomainScope(apiKey: DomainScoped): KeyDomainScope {
  return apiKey.allDomains ? { all: true } : { all: false, domains: new Set(apiKey.domainNames) };
}

/**
 * The sender identities in a raw message's header fields (lib/validation/header-policy.ts says which fields), after
 * refusing the fields a client may never send (422 naming the field). Header names are matched in any case and
 * folded values read unfolded (readHeaderFields); display names and comments are not identities, only addresses.
 * Throws the 422 of a field that is not a list of mailboxes, since an identity that cannot be read cannot be checked.
 * `fromRelay`: the message comes from a mail server over SMTP, whose upstream trace fields are kept
 * (RELAYED_TRACE_FIELDS).
 */
export function readSenderIdentities(fields: readonly HeaderField[], { fromRelay = false }: { fromRelay?: boolean } = {}): SenderIdentity[] {
  const identities: SenderIdentity[] = [];
  for (const field of fields) {
    const refused = CLIENT_REFUSED_FIELDS.get(field.name);
    if (refused && !(fromRelay && RELAYED_TRACE_FIELDS.has(field.name))) throw refuseRaw(`raw: a client may not send a ${refused.name} header field: ${refused.reason}.`);
    const name = SENDER_IDENTITY_FIELDS.get(field.name);
    if (name) {
      const addresses = readAddresses(field.value, "address-list");
      if (!addresses) throw refuseRaw(`raw: the ${name} header field is not a list of mailboxes (RFC 5322 §3.6.6): ${excerpt(field.value)}`);
      for (const address of addresses) identities.push({ domain: asciiDomain(address), claim: `the ${name} header field names ${address}` });
    } else if (field.name === DKIM_SIGNATURE_FIELD) {
      const domain = readDkimDomain(field.value);
      identities.push(domain === null ? { domain: null, claim: "the DKIM-Signature header field has no d= tag" } : { domain: toAsciiHostname(domain), claim: `the DKIM-Signature header field is signed by d=${domain}` });
    }
  }
  return identities;
}

/**
 * Every identity must be at a domain the key may send for: 403 naming the first that is not. With a key for every
 * domain, each must be hosted here (Outgate is never an open relay): 422 naming it. `hostedDomain` is one already
 * known to be hosted (MAIL FROM's, checked by the enqueue itself), so the usual message — all identities at the
 * envelope's domain — costs no query. `label` names the submitter in the 403 (an SMTP credential is scoped alike).
 */
export async function checkSenderIdentities(
  apiKey: DomainScoped,
  identities: readonly SenderIdentity[],
  { hostedDomain, label = "This API key" }: { hostedDomain: string; label?: string },
): Promise<void> {
  const scope = readKeyDomainScope(apiKey);
  const others = identities.filter((identity) => identity.domain !== hostedDomain);
  if (others.length === 0) return;
  if (!scope.all) {
    const outside = others.find((identity) => identity.domain === null || !scope.domains.has(identity.domain));
    if (outside) throw new AppError("forbidden", `${label} may not send for ${outside.domain ?? "an unknown domain"}: ${outside.claim}.`);
    return;
  }
  const names = [...new Set(others.map((identity) => identity.domain).filter((domain) => domain !== null))];
  const hosted = new Set((await getDb().domain.findMany({ where: { name: { in: names } }, select: { name: true } })).map((row) => row.name));
  const unhosted = others.find((identity) => identity.domain === null || !hosted.has(identity.domain));
  if (unhosted) {
    const what = unhosted.domain === null ? "which is not a hosted domain" : `whose domain ${unhosted.domain} is not hosted here`;
    const message = `${capitalise(unhosted.claim)}, ${what}; add it on the Domains page first.`;
    throw new AppError("unprocessable", message, { raw: [message] });
  }
}

/** The domain of an addr-spec in lower-case ASCII, or null for an address literal or a name that is no hostname. */
function asciiDomain(address: string): string | null {
  const domain = address.slice(address.lastIndexOf("@") + 1);
  return domain.startsWith("[") ? null : toAsciiHostname(domain);
}

/**
 * The d= tag of a DKIM-Signature (RFC 6376 §3.2 tag-list: `tag = value` pairs separated by ";", white space around
 * them ignored), or null when there is none.
 */
function readDkimDomain(value: string): string | null {
  for (const spec of value.split(";")) {
    const equals = spec.indexOf("=");
    if (equals !== -1 && spec.slice(0, equals).trim() === "d") return spec.slice(equals + 1).replace(/\s+/g, "");
  }
  return null;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
