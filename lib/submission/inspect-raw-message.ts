import type { HostName } from "../platform/host-name";
import { readSenderIdentities, type SenderIdentity } from "./check-sender-identities";
import { generateMessageId } from "../platform/generate-message-id";
import { RELAYED_TRACE_FIELDS } from "../validation/header-policy";
import { formatDate } from "./mime-encoding";
import { readHeaderFields, type HeaderField } from "./read-header-fields";
import { readRawHeaders } from "./read-raw-headers";
import { refuseMailLoop } from "./refuse-mail-loop";
import { toWireLines } from "./wire-lines";

export type InspectedRawMessage = { raw: Buffer; messageId: string; subject: string | null; identities: SenderIdentity[] };

/** Header fields that name hidden recipients: never relayed (RFC 5322 §3.6.3, §3.6.6). */
const HIDDEN_RECIPIENTS = new Set(["bcc", "resent-bcc"]);

/**
 * Makes a raw message ready for the wire and reads what the queue and the console need from it. In order:
 * - its lines become CRLF lines of at most 998 octets, without NUL (toWireLines: normalised or refused);
 * - its header fields are read as RFC 5322 writes them (readRawHeaders): exactly one From, well-formed Sender,
 *   Message-ID and Date, no second Subject or To; anything else is refused with a 422 naming the rule;
 * - trace and authentication fields a client may not send are refused (`fromRelay`: a mail server's upstream ones
 *   are kept, and a message that looped — too many Received fields, or too many of ours — is refused: refuseMailLoop
 *   with `fromRelay.receivedBy`, the name Outgate's own Received fields carry), and the sender identities (From, Sender,
 *   Resent-From, Resent-Sender, DKIM-Signature d=) are read for the caller to check against the API key
 *   (readSenderIdentities, lib/validation/header-policy.ts);
 * - Bcc and Resent-Bcc fields are removed: their recipients are in the envelope, and every recipient would see them;
 * - a Message-ID (§3.6.4 SHOULD; the queue tells messages apart by it) and a Date (§3.6.1 MUST) are added when absent;
 *   the Message-ID is on Outgate's name (`hostName`) when that is an FQDN, else on `senderDomain` (generateMessageId).
 * The stored bytes are then what goes on the wire, so nothing known now can bounce later.
 */
export function inspectRawMessage(
  input: Buffer,
  { senderDomain, hostName, now = new Date(), fromRelay }: { senderDomain: string; hostName: HostName; now?: Date; fromRelay?: { receivedBy: string } },
): InspectedRawMessage {
  const raw = toWireLines(input);
  const fields = readHeaderFields(raw);
  const headers = readRawHeaders(fields);
  const identities = readSenderIdentities(fields, { fromRelay: !!fromRelay });
  if (fromRelay) refuseMailLoop(fields, fromRelay.receivedBy);
  const messageId = headers.messageId ?? generateMessageId({ hostName, senderDomain });
  const added = [
    ...(headers.messageId === null ? [`Message-ID: <${messageId}>\r\n`] : []),
    ...(headers.hasDate ? [] : [`Date: ${formatDate(now)}\r\n`]),
  ];
  const hidden = fields.filter((field) => HIDDEN_RECIPIENTS.has(field.name));
  if (added.length === 0 && hidden.length === 0) return { raw, messageId, subject: headers.subject, identities };
  // Added fields go below a relayed message's trace block, which stays together on top (RFC 5322 §3.6.7).
  const insertAt = fields.find((field) => !RELAYED_TRACE_FIELDS.has(field.name))?.start ?? 0;
  return { raw: rewrite(raw, { insertAt, insert: Buffer.from(added.join(""), "latin1"), cut: hidden }), messageId, subject: headers.subject, identities };
}

/**
 * The message's bytes with `insert` put at byte offset `insertAt` (a field's start, before every field in `cut`)
 * and the `cut` fields (folded lines included, in header order) removed.
 */
function rewrite(raw: Buffer, { insertAt, insert, cut }: { insertAt: number; insert: Buffer; cut: HeaderField[] }): Buffer {
  const parts: Buffer[] = [raw.subarray(0, insertAt), insert];
  let at = insertAt;
  for (const field of cut) {
    parts.push(raw.subarray(at, field.start));
    at = field.end;
  }
  parts.push(raw.subarray(at));
  return Buffer.concat(parts);
}
