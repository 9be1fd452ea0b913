import { toAddressLiteral } from "../validation/helo-name";
import { formatDate } from "./mime-encoding";

/**
 * What Outgate's `Received:` field says about one arrival, SMTP or HTTP (RFC 5321 §4.4, RFC 5322 §3.6.7).
 * - SMTP: `helo` is the client's EHLO/HELO argument as sent, `clientHostname` its reverse name (or null), `protocol`
 *   the RFC 3848 type (ESMTP, ESMTPS, ESMTPA, ESMTPSA), `id` the queue id (the message's UUID, an atom).
 * - HTTP: no `helo` (HTTP has no such name), `protocol` "HTTP" or "HTTPS", `id` the message's `<msg-id>` or null.
 *   HTTP and HTTPS are not in IANA's "Mail Transmission Types" registry (RFC 3848, RFC 6531 list only the SMTP/LMTP
 *   family and MMS), and no RFC registers a value for an HTTP submission; Gmail ("with HTTP") and Exchange Online
 *   ("with HTTPS") write these unregistered values, and parsers (Stalwart's mail-parser) read them, so we do too.
 */
export type ReceivedTrace = {
  /** The client's address as the server saw it, or null when the HTTP layer cannot know it (lib/http/read-client-ip.ts). */
  clientIp: string | null;
  helo?: string;
  clientHostname?: string | null;
  protocol: string;
  /** Outgate's own name (lib/platform/host-name.ts): the same in EHLO, DSNs and Message-IDs. */
  hostName: string;
  /** The `id` clause: an atom, or a msg-id with its angle brackets (RFC 5321 §4.4 `ID`); null leaves the clause out. */
  id: string | null;
};

/**
 * The one `Received:` field Outgate puts on top of every message it accepts, with its CRLF. SMTP:
 * `from <helo> (<rdns> [ip]) by <host> (Outgate) with ESMTPSA id <queue id>; <date>` — `from` the client's EHLO name
 * with the TCP-info RFC 5321 §4.4 asks for. HTTP: `from [ip] by <host> (Outgate) with HTTPS id <msg-id>; <date>` — the
 * address as an address literal (RFC 5321 §4.1.3), and no `from` clause when the address is unknown (RFC 5322 §3.6.7
 * makes every clause optional; Gmail's HTTP fields have none either). Folded so each line stays well under 998 octets:
 * the EHLO name is the client's text (control characters dropped, at most 255 octets) and an id longer than
 * MAX_ID_OCTETS is left out.
 */
export function formatReceived(trace: ReceivedTrace, now: Date): string {
  const from = fromClause(trace);
  const id = trace.id && trace.id.length <= MAX_ID_OCTETS ? ` id ${trace.id}` : "";
  return `Received: ${from ? `${from}\r\n\t` : ""}by ${trace.hostName} (Outgate) with ${trace.protocol}${id};\r\n\t${formatDate(now)}\r\n`;
}

/** Longer ids (a raw message's own Message-ID may fill a 998-octet line) would push the `by` line past 998. */
const MAX_ID_OCTETS = 700;

function fromClause({ helo, clientHostname, clientIp }: ReceivedTrace): string | null {
  if (helo === undefined) return clientIp ? `from ${toAddressLiteral(clientIp)}` : null;
  const name = helo.replace(/[^\x21-\x7e]/g, "").slice(0, 255) || "unknown";
  const tcpInfo = clientHostname ? `${clientHostname} [${clientIp}]` : `[${clientIp}]`;
  return `from ${name} (${tcpInfo})`;
}

/** The `id` clause for an HTTP arrival: the message's own id as `<msg-id>` when it is a plain ASCII one, else none. */
export function toTraceId(messageId: string): string | null {
  return /^[\x21-\x7e]+$/.test(messageId) && !/[<>()"\\]/.test(messageId) ? `<${messageId}>` : null;
}
