import net from "node:net";
import type { Cidr } from "../platform/parse-cidr";
import { getEnv } from "../platform/env";
import type { HttpArrival } from "../submission/submit-message";
import { readClientIp, type HeaderReader } from "./read-client-ip";
import { readPeerAddress } from "./peer-address";

/**
 * What a submission's Received field says about its request: the client's address (readClientIp, the one the
 * per-IP limits use) and whether it spoke HTTPS. Outgate's web server speaks plain HTTP, so TLS is known only from a
 * proxy in front: X-Forwarded-Proto (its right-most value, the nearest proxy's) counts only when the request came
 * through one of OUTGATE_TRUSTED_PROXIES — any client could write the header itself.
 */
export function readHttpArrival(header: HeaderReader, trustedProxies: readonly Cidr[] = getEnv().OUTGATE_TRUSTED_PROXIES): HttpArrival {
  const scheme = (header("x-forwarded-proto") ?? "").split(",").pop()?.trim().toLowerCase();
  const https = scheme === "https" && cameThroughTrustedProxy(header, trustedProxies);
  return { clientIp: readClientIp(header, trustedProxies), protocol: https ? "HTTPS" : "HTTP" };
}

/** The peer is a trusted proxy; or, when the peer is unknown (`next start`), the operator said a proxy is in front. */
function cameThroughTrustedProxy(header: HeaderReader, trustedProxies: readonly Cidr[]): boolean {
  if (trustedProxies.length === 0) return false;
  const peer = readPeerAddress(header)?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  if (!peer) return true;
  const family = net.isIP(peer);
  if (family === 0) return false;
  // Built per call: only a request that says X-Forwarded-Proto: https gets here.
  const blocks = new net.BlockList();
  for (const cidr of trustedProxies) blocks.addSubnet(cidr.network, cidr.prefix, cidr.family);
  return blocks.check(peer, family === 4 ? "ipv4" : "ipv6");
}
