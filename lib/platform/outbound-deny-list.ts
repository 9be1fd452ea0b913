import net from "node:net";
import { getEnv } from "./env";
import { parseCidr } from "./parse-cidr";

/**
 * Link-local, refused for every outbound connection whatever the configuration: 169.254.0.0/16 (RFC 3927) holds the
 * cloud metadata service (169.254.169.254) and fe80::/10 (RFC 4291 §2.5.6) the IPv6 link. Private ranges and loopback
 * stay allowed: SmarterMail servers and SMTP relays usually live on the LAN or the same host.
 */
export const DEFAULT_OUTBOUND_DENY: readonly string[] = ["169.254.0.0/16", "fe80::/10"];

/** Decides whether one IP address may be connected to. */
export type OutboundDenyList = { isDenied(address: string): boolean };

/**
 * The defaults plus `extra` (CIDRs as OUTGATE_OUTBOUND_DENY gives them, already checked by lib/platform/env.ts).
 * node:net's BlockList matches IPv4 rules against IPv4-mapped IPv6 too (::ffff:169.254.169.254); a zone index is
 * dropped before the check. Throws on a block that is not a CIDR.
 */
export function createOutboundDenyList(extra: readonly string[]): OutboundDenyList {
  const blocks = new net.BlockList();
  for (const text of [...DEFAULT_OUTBOUND_DENY, ...extra]) {
    const cidr = parseCidr(text);
    if (!cidr) throw new Error(`Not a CIDR block: ${text}`);
    blocks.addSubnet(cidr.network, cidr.prefix, cidr.family);
  }
  return {
    isDenied(address) {
      const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
      const version = net.isIP(bare);
      // Not an address at all: never connect to what could not be checked.
      if (version === 0) return true;
      return blocks.check(bare, version === 4 ? "ipv4" : "ipv6");
    },
  };
}

let cached: { key: readonly string[]; list: OutboundDenyList } | undefined;

/** The installation's deny list: the defaults plus OUTGATE_OUTBOUND_DENY, built once per configuration. */
export function getOutboundDenyList(): OutboundDenyList {
  const extra = getEnv().OUTGATE_OUTBOUND_DENY;
  if (cached?.key !== extra) cached = { key: extra, list: createOutboundDenyList(extra) };
  return cached.list;
}
