import net from "node:net";
import type { Cidr } from "../platform/parse-cidr";
import { getEnv } from "../platform/env";
import { readPeerAddress } from "./peer-address";

/** Reads one request header by its lower-case name (a Fetch Headers, next-auth's plain object, a Node request). */
export type HeaderReader = (name: string) => string | null;

/**
 * The client's IP address for per-IP limits, or null when it cannot be known.
 * - Served by scripts/web-server.ts, the peer (the socket's address) is known. It is the client, unless it is one
 *   of OUTGATE_TRUSTED_PROXIES: then X-Forwarded-For is read from the right, skipping trusted proxies, and the
 *   first other address is the client (each proxy appends the address it saw, so entries a client wrote itself
 *   sit to the left and are never reached).
 * - Served otherwise (`next start`), the peer is unknown: X-Forwarded-For is read the same way only when
 *   OUTGATE_TRUSTED_PROXIES is set (the operator says a proxy is in front); without it, null (no per-IP limit,
 *   since a client could name any address).
 */
export function readClientIp(header: HeaderReader, trustedProxies: readonly Cidr[] = getEnv().OUTGATE_TRUSTED_PROXIES): string | null {
  const trusted = matcherFor(trustedProxies);
  const peer = normaliseAddress(readPeerAddress(header));
  if (peer && !trusted(peer)) return peer;
  if (!peer && trustedProxies.length === 0) return null;
  const hops = (header("x-forwarded-for") ?? "").split(",").map((hop) => normaliseAddress(hop.trim()));
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = hops[index];
    // A hop that is no address means the chain is garbled from here on: nothing to the left can be believed.
    if (!hop) return peer;
    if (!trusted(hop)) return hop;
  }
  return peer;
}

/** A header reader over next-auth's plain header object (authorize's `req.headers`). */
export function headerRecordReader(headers: Record<string, unknown> | undefined): HeaderReader {
  return (name) => {
    const value = headers?.[name];
    return typeof value === "string" ? value : Array.isArray(value) ? value.join(", ") : null;
  };
}

/** "::ffff:192.0.2.1" → "192.0.2.1" (how Node reports IPv4 peers on a dual-stack socket); null for a non-address. */
function normaliseAddress(value: string | null): string | null {
  if (!value) return null;
  const bare = value.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  const address = mapped ? mapped[1] : bare.toLowerCase();
  return net.isIP(address) === 0 ? null : address;
}

let cached: { proxies: readonly Cidr[]; matches: (address: string) => boolean } | undefined;

function matcherFor(proxies: readonly Cidr[]): (address: string) => boolean {
  if (cached?.proxies === proxies) return cached.matches;
  const blocks = new net.BlockList();
  for (const cidr of proxies) blocks.addSubnet(cidr.network, cidr.prefix, cidr.family);
  const matches = (address: string) => proxies.length > 0 && blocks.check(address, net.isIP(address) === 4 ? "ipv4" : "ipv6");
  cached = { proxies, matches };
  return matches;
}
