import net from "node:net";
import { parseCidr } from "../../platform/parse-cidr";

/**
 * The client's address as one canonical text, so one client gets one throttle key and one network check: brackets
 * and a zone index dropped, an IPv4-mapped IPv6 address (::ffff:192.0.2.1, how a dual-stack socket reports IPv4
 * peers) written as IPv4, IPv6 lower-case. null when it is no IP address.
 */
export function normaliseClientIp(address: string): string | null {
  const bare = address.trim().replace(/^\[|\]$/g, "").replace(/%.*$/, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  const candidate = mapped ? mapped[1] : bare;
  return net.isIP(candidate) === 0 ? null : candidate;
}

/**
 * The longest prefix of `networks` (CIDR texts as stored, e.g. "10.0.0.0/8") that contains `clientIp` (already
 * normalised), or null when none does or the client's address is unknown. A stored block that no longer parses
 * matches nothing.
 */
export function matchClientNetwork(networks: readonly string[], clientIp: string | null): number | null {
  if (!clientIp) return null;
  const family = net.isIP(clientIp) === 4 ? "ipv4" : "ipv6";
  let best: number | null = null;
  for (const text of networks) {
    const cidr = parseCidr(text);
    if (!cidr || cidr.family !== family) continue;
    const block = new net.BlockList();
    block.addSubnet(cidr.network, cidr.prefix, cidr.family);
    if (block.check(clientIp, family) && (best === null || cidr.prefix > best)) best = cidr.prefix;
  }
  return best;
}

/** An empty list allows every address; otherwise the client must be inside one of the blocks. */
export function isClientAllowed(networks: readonly string[], clientIp: string | null): boolean {
  return networks.length === 0 || matchClientNetwork(networks, clientIp) !== null;
}
