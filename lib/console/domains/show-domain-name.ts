import { revealBidiControls } from "../../validation/reveal-bidi-controls";
import { unicodeDomainName } from "./unicode-name";

/**
 * A stored (ASCII) host or domain name as the console shows it: "bücher.example (xn--bcher-kva.example)" when it
 * has punycode labels, so an admin sees both what a reader sees and what is sent; the name alone otherwise (IP
 * addresses included). Server-only, like unicodeDomainName.
 */
export function showDomainName(asciiName: string): string {
  const unicode = unicodeDomainName(asciiName);
  return unicode ? `${unicode} (${asciiName})` : asciiName;
}

/**
 * A stored address (ASCII domain, RFC 5321 path) as the console shows it: "me@bücher.example (me@xn--bcher-kva.example)"
 * for an IDN domain, with any bidi control in it made visible (revealBidiControls).
 */
export function showAddress(address: string): string {
  const at = address.lastIndexOf("@");
  const unicode = at === -1 ? null : unicodeDomainName(address.slice(at + 1));
  return revealBidiControls(unicode ? `${address.slice(0, at + 1)}${unicode} (${address})` : address);
}
