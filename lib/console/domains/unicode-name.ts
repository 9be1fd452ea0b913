import { domainToUnicode } from "node:url";

/**
 * The Unicode form of a stored (punycode) domain name, or null when it reads the same. Server-only: the
 * browser has no punycode decoder, so pages compute this and pass it down.
 */
export function unicodeDomainName(asciiName: string): string | null {
  if (!asciiName.split(".").some((label) => label.startsWith("xn--"))) return null;
  const unicode = domainToUnicode(asciiName);
  return unicode && unicode !== asciiName ? unicode : null;
}
