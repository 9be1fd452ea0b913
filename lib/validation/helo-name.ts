import { isIpv4, isIpv6, toAsciiHostname } from "./hostname";

/**
 * A name as EHLO, Reporting-MTA and MAILER-DAEMON@ may carry it (RFC 5321 §4.1.1.1: "the fully-qualified domain name
 * of the SMTP client (if one is available)" or an address literal, §4.1.3: `[192.0.2.1]`, `[IPv6:2001:db8::1]`), in
 * its normal form (lower-case ASCII; IPv6 in lower case). Null for anything else: a bare host name ("localhost",
 * "web-1") is not fully qualified, and a bare IP is not an address literal.
 */
export function normaliseHeloName(input: string): string | null {
  const value = input.trim();
  const literal = /^\[(.*)\]$/.exec(value)?.[1];
  if (literal !== undefined) {
    if (isIpv4(literal)) return `[${literal}]`;
    const v6 = /^IPv6:(.+)$/i.exec(literal)?.[1];
    return v6 && isIpv6(v6) ? `[IPv6:${v6.toLowerCase()}]` : null;
  }
  if (isIpv4(value) || isIpv6(value)) return null;
  const name = toAsciiHostname(value, { requireDot: true });
  return name && !name.endsWith(".localhost") && !name.endsWith(".localdomain") ? name : null;
}

/** An IP address as an address literal (RFC 5321 §4.1.3). */
export function toAddressLiteral(address: string): string {
  return isIpv6(address) ? `[IPv6:${address.toLowerCase()}]` : `[${address}]`;
}
