import { LRUCache } from "lru-cache";
import { checkRelayNetworks } from "../../validation/relay-networks";
import { isClientAllowed, matchClientNetwork, normaliseClientIp } from "./client-network";
import { readSmtpCredentialById, type SmtpCredentialRow } from "./read-smtp-credential";
import type { AuthenticatedSmtpClient } from "./authenticate-smtp-credential";

/** How stale a session's view of its credential may be: a revocation stops an open session within this long. */
const CREDENTIAL_MAX_AGE_MS = 1_000;

/**
 * Per credential: its row as read, and the verdict for each (how, client address) asked while that row is cached — a
 * session asks at every MAIL FROM, and parsing the networks each time cost more than the rest of the check.
 */
type CachedCredential = { row: SmtpCredentialRow | null; verdicts: Map<string, AuthenticatedSmtpClient | null> };

const credentials = new LRUCache<string, CachedCredential>({ max: 10_000, ttl: CREDENTIAL_MAX_AGE_MS });

/**
 * The client an open SMTP session acts for, as its credential stands now — asked at every MAIL FROM, so revoking a
 * credential (or narrowing its networks or domains) ends what an already authenticated session may send, not only
 * the next AUTH. `how`: "auth" for a session that logged in (the credential must not be revoked and must allow the
 * client's address); "ip_relay" for one let in by its network (IP-only relay must still be on and a network of it
 * within the relay bound must cover the address). Returns the current shape (its domains as they are now), or null:
 * the session may no longer send as this client. The credential row is read at most once a second per credential
 * (shared by every session). Throws what the database throws.
 */
export async function recheckSmtpClient(client: AuthenticatedSmtpClient, how: "auth" | "ip_relay", clientIp: string): Promise<AuthenticatedSmtpClient | null> {
  let cached = credentials.get(client.id);
  if (!cached) {
    cached = { row: await readSmtpCredentialById(client.id), verdicts: new Map() };
    credentials.set(client.id, cached);
  }
  const key = `${how} ${clientIp}`;
  let verdict = cached.verdicts.get(key);
  if (verdict === undefined) {
    verdict = decide(cached.row, how, normaliseClientIp(clientIp));
    cached.verdicts.set(key, verdict);
  }
  return verdict;
}

function decide(row: SmtpCredentialRow | null, how: "auth" | "ip_relay", ip: string | null): AuthenticatedSmtpClient | null {
  if (!row || row.revokedAt) return null;
  if (how === "auth" && !isClientAllowed(row.allowedNetworks, ip)) return null;
  // The networks findIpRelayClient honours, so a session is never let on by a network too wide to let it in.
  if (how === "ip_relay" && (!row.ipRelay || matchClientNetwork(checkRelayNetworks(row.allowedNetworks).honoured, ip) === null)) return null;
  return { id: row.id, name: row.name, allDomains: row.allDomains, domainNames: row.domainNames };
}
