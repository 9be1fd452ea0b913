import net from "node:net";

/** One address block: `network/prefix`, e.g. 169.254.0.0/16 or fe80::/10. */
export type Cidr = { network: string; prefix: number; family: "ipv4" | "ipv6" };

/**
 * Reads "a.b.c.d/n" or "v6::/n" (RFC 4632 §3.1 notation); a bare address is its own /32 or /128. Returns null for
 * anything else (a name, a prefix out of range, extra slashes), so configuration errors are caught at start.
 */
export function parseCidr(text: string): Cidr | null {
  const [network, prefixText, ...rest] = text.trim().split("/");
  if (rest.length > 0) return null;
  // A zone index (fe80::1%eth0) names an interface, not an address block.
  const version = network.includes("%") ? 0 : net.isIP(network);
  if (version === 0) return null;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return null;
  return { network: network.toLowerCase(), prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/** The canonical text of a parsed block ("192.0.2.7/32"). */
export function formatCidr(cidr: Cidr): string {
  return `${cidr.network}/${cidr.prefix}`;
}
