import { randomUUID } from "node:crypto";
import type { HostName } from "./host-name";

/**
 * A fresh RFC 5322 msg-id (§3.6.4) for a message Outgate writes or completes (a composed message, a raw one without a
 * Message-ID, the console's test message), without the angle brackets: a random UUID on the left, and on the right
 * Outgate's own name (getHostName, the one EHLO, DSNs and Received fields use) when it is a fully qualified domain
 * name — else the sender's domain.
 *
 * Why Outgate's name: §3.6.4 asks only for global uniqueness and suggests the generating host's domain name on the
 * right; MTAs that add a missing Message-ID use their own name (Postfix's cleanup `<…@$myhostname>`, Exchange its
 * server FQDN, Amazon SES `@email.amazonses.com`), so the id says which system made it up. Why the sender's domain as
 * the fallback: a bare host name ("web-1", "localhost") or an address literal on the right is scored by filters
 * (Rspamd MID_RHS_NOT_FQDN, MID_RHS_IP_LITERAL), while the sender domain is always a hosted, fully qualified one. The
 * random left-hand side makes the id unique either way. `hostName` is resolved once per process (getHostName) and
 * passed in, so no submission waits on DNS.
 */
export function generateMessageId({ hostName, senderDomain }: { hostName: HostName; senderDomain: string }): string {
  return `${randomUUID()}@${pickMessageIdDomain(hostName, senderDomain)}`;
}

/** The right-hand side generateMessageId uses: Outgate's name when it is an FQDN (not a bare name or address literal). */
export function pickMessageIdDomain(hostName: HostName, senderDomain: string): string {
  return hostName.qualified && !hostName.name.startsWith("[") ? hostName.name : senderDomain;
}
