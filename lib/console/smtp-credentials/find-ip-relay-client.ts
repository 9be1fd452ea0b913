import { matchClientNetwork, normaliseClientIp } from "./client-network";
import { readIpRelayCredentials, recordSmtpCredentialUse } from "./read-smtp-credential";
import type { AuthenticatedSmtpClient } from "./authenticate-smtp-credential";

/**
 * The credential that lets a client relay without AUTH because it connects from one of its networks: only
 * credentials marked "IP-only relay", not revoked, with a non-empty network list (the form requires one). When
 * several match, the most specific network wins (longest prefix), then the oldest credential. null: none — the
 * client must AUTH. Read from the database on every call, so a revocation applies to the next connection.
 * `clientIp` as the socket reports it (IPv4-mapped IPv6 and brackets are accepted). Throws only what the database throws.
 */
export async function findIpRelayClient(clientIp: string): Promise<AuthenticatedSmtpClient | null> {
  const ip = normaliseClientIp(clientIp);
  if (!ip) return null;
  let best: { prefix: number; row: Awaited<ReturnType<typeof readIpRelayCredentials>>[number] } | null = null;
  for (const row of await readIpRelayCredentials()) {
    if (row.allowedNetworks.length === 0) continue;
    const prefix = matchClientNetwork(row.allowedNetworks, ip);
    if (prefix !== null && (!best || prefix > best.prefix)) best = { prefix, row };
  }
  if (!best) return null;
  await recordSmtpCredentialUse(best.row);
  const { id, name, allDomains, domainNames } = best.row;
  return { id, name, allDomains, domainNames };
}
