import { log } from "../../platform/log";
import { checkRelayNetworks } from "../../validation/relay-networks";
import { matchClientNetwork, normaliseClientIp } from "./client-network";
import { readIpRelayCredentials, recordSmtpCredentialUse } from "./read-smtp-credential";
import type { AuthenticatedSmtpClient } from "./authenticate-smtp-credential";

type RelayRow = Awaited<ReturnType<typeof readIpRelayCredentials>>[number];

/**
 * The credential that lets a client relay without AUTH because it connects from one of its networks: only
 * credentials marked "IP-only relay", not revoked, with a non-empty network list (the form requires one). When
 * several match, the most specific network wins (longest prefix), then the oldest credential. null: none — the
 * client must AUTH. Read from the database on every call, so a revocation applies to the next connection.
 * Only the networks `checkRelayNetworks` honours count: a row stored before that bound with a network too wide
 * (0.0.0.0/0) relays for the rest of its networks only, and a client let down by that is logged (never widened).
 * `clientIp` as the socket reports it (IPv4-mapped IPv6 and brackets are accepted). Throws only what the database throws.
 */
export async function findIpRelayClient(clientIp: string): Promise<AuthenticatedSmtpClient | null> {
  const ip = normaliseClientIp(clientIp);
  if (!ip) return null;
  let best: { prefix: number; row: RelayRow } | null = null;
  const ignored: { row: RelayRow; network: string; reason: string }[] = [];
  for (const row of await readIpRelayCredentials()) {
    const { honoured, refused } = checkRelayNetworks(row.allowedNetworks);
    const prefix = matchClientNetwork(honoured, ip);
    if (prefix !== null && (!best || prefix > best.prefix)) best = { prefix, row };
    for (const { network, reason } of refused) if (matchClientNetwork([network], ip) !== null) ignored.push({ row, network, reason });
  }
  if (!best) {
    // Only when the refused network is what kept this client from relaying, so the line names a real effect.
    for (const { row, network, reason } of ignored) log("warn", "smtp.relay-network-ignored", { client: ip, credential: row.name, network, reason });
    return null;
  }
  await recordSmtpCredentialUse(best.row);
  const { id, name, allDomains, domainNames } = best.row;
  return { id, name, allDomains, domainNames };
}
