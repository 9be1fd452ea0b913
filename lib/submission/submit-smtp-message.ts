import { createHash, randomUUID } from "node:crypto";
import { runStatement } from "../platform/db";
import { getEnv } from "../platform/env";
import { RateLimitedError } from "../platform/rate-limited-error";
import { acceptMessage, type Submitter } from "./accept-message";
import { getHostName } from "../platform/host-name";
import { formatReceived } from "./format-received";
import { inspectRawMessage } from "./inspect-raw-message";
import type { MessageDsn, RecipientDsn } from "../validation/dsn-request";
import { readNullSenderDomain } from "./read-null-sender-domain";

/** How the client reached us, for the Received field (RFC 5321 §4.4) and the message's record. */
export type SmtpArrival = {
  clientIp: string;
  /** The client's EHLO/HELO argument as sent. */
  helo: string;
  /** Its reverse-DNS name, or null when there is none. */
  clientHostname: string | null;
  /** RFC 3848 protocol: ESMTP, ESMTPS, ESMTPA, ESMTPSA. */
  protocol: string;
  /** Outgate's own name (lib/platform/host-name.ts). */
  hostName: string;
};

export type SubmitSmtpMessageOptions = {
  /** The authenticated credential (or IP relay entry): same shape and rules as an API key. */
  client: Submitter["client"];
  /** MAIL FROM's addr-spec (lower-case ASCII domain), or "" for the null reverse-path (MAIL FROM:<>). */
  envelopeFrom: string;
  recipients: string[];
  /** RFC 3461 RET and ENVID from MAIL FROM; null when not given. */
  dsn?: MessageDsn | null;
  /** RFC 3461 NOTIFY and ORCPT per recipient, in the order of `recipients`. */
  recipientDsn?: (RecipientDsn | null)[];
  /** The message's octets as received after DATA, dot-unstuffed, without the final ".". */
  data: Buffer;
  arrival: SmtpArrival;
  now?: Date;
};

/**
 * An SMTP transaction's message through the API's one intake (acceptMessage): hosted and allowed sender, every header
 * sender identity, hygiene (inspectRawMessage: CRLF, NUL, 998 octets, Bcc removed, Message-ID and Date added), size.
 * A `Received:` field naming the client and Outgate is put on top. Resolves `{ id, messageId, repeated }` only after
 * the commit. A transaction this client already sent — the same envelope (MAIL FROM and the set of RCPT TO), the same
 * Message-ID and the same octets — within OUTGATE_SMTP_RETRY_WINDOW_SECONDS (a client that lost the connection
 * before our 250 and sends again) is answered
 * with the first one's id instead of being queued twice (`repeated: true`) — recognised by the insert's own statement
 * (enqueueMessages' retryWindowSeconds), so it costs no round trip of its own. Throws acceptMessage's AppErrors.
 */
export async function submitSmtpMessage({ client, envelopeFrom, recipients, dsn, recipientDsn, data, arrival, now = new Date() }: SubmitSmtpMessageOptions): Promise<{ id: string; messageId: string; repeated: boolean }> {
  const requestHash = hashTransaction(envelopeFrom, recipients, data);
  const submitter = { client, label: "This SMTP credential" };
  const windowSeconds = getEnv().OUTGATE_SMTP_RETRY_WINDOW_SECONDS;
  // Named before it is stored, so the Received field's id clause (RFC 5321 §4.4, for tracing) is the queue id the 250
  // reply and the console show — what Postfix writes there too.
  const id = randomUUID();
  const accepted = acceptMessage({
    submitter,
    envelopeFrom,
    // MAIL FROM:<> (a mail server's bounce or auto-reply) is sent for the domain of its From field.
    nullSenderDomain: envelopeFrom === "" ? readNullSenderDomain(data) : undefined,
    senderField: "MAIL FROM",
    recipients,
    build: async (senderDomain) => {
      // A mail server relaying through us hands on its own trace fields (RFC 5321 §4.4); ours goes on top.
      // getHostName() was resolved when the listener started: this await costs no lookup.
      const inspected = inspectRawMessage(data, { senderDomain, hostName: await getHostName(), now, fromRelay: { receivedBy: arrival.hostName } });
      const received = formatReceived({ ...arrival, id }, now);
      return { ...inspected, raw: Buffer.concat([Buffer.from(received, "utf8"), inspected.raw]) };
    },
    origin: {
      id,
      apiKeyId: null,
      requestHash,
      submittedVia: "smtp",
      clientIp: arrival.clientIp,
      smtpCredentialId: client.id,
      dsn,
      recipientDsn,
      retryWindowSeconds: windowSeconds > 0 ? windowSeconds : null,
    },
  });
  return accepted.catch(async (error: unknown) => {
    // A sending limit is checked before the insert that recognises a retry; a retry of a message queued while there
    // was room must still get its first answer, not a 4xx that makes the client send it again later.
    if (!(error instanceof RateLimitedError)) throw error;
    const earlier = await findRetriedMessage(client.id, data, requestHash, windowSeconds);
    if (!earlier) throw error;
    return { ...earlier, repeated: true };
  });
}

/**
 * The message this client queued with the same Message-ID and the same octets within the retry window, if any — for
 * the rare path where the insert cannot tell (a sending limit refused the message first). The Message-ID is read the
 * way inspectRawMessage reads it; a message without one cannot be a retry we recognise.
 */
async function findRetriedMessage(clientId: string, data: Buffer, requestHash: string, windowSeconds: number): Promise<{ id: string; messageId: string } | null> {
  if (windowSeconds === 0) return null;
  const messageId = readMessageIdQuickly(data);
  if (!messageId) return null;
  const rows = await runStatement<{ id: string; messageId: string }>(
    `SELECT id, message_id AS "messageId" FROM messages
      WHERE smtp_credential_id = $1::uuid AND message_id = $2 AND request_hash = $3 AND created_at >= now() - make_interval(secs => $4)
      LIMIT 1`,
    [clientId, messageId, requestHash, windowSeconds],
  );
  return rows[0] ?? null;
}

/**
 * The id inside the first Message-ID field of the header, plain `<left@right>` form only (anything else is not
 * matched, so such a message is simply queued again — never wrongly taken for another).
 */
function readMessageIdQuickly(data: Buffer): string | null {
  const headerEnd = data.indexOf("\r\n\r\n");
  const header = data.subarray(0, headerEnd === -1 ? Math.min(data.length, 64 * 1024) : headerEnd).toString("latin1");
  const match = /(?:^|\n)message-id:[ \t]*<([^<>\s]+@[^<>\s]+)>[ \t]*\r?(?:\n|$)/i.exec(header);
  return match ? match[1] : null;
}

/**
 * What makes two SMTP transactions the same one (sha256, hex): the envelope sender, the set of recipients and the
 * octets. The same message to other recipients is not a retry — a client splits a long recipient list over several
 * transactions (Postfix: smtp_destination_recipient_limit), and sends the rest after a 452 (RFC 5321 §4.5.3.1.10).
 */
function hashTransaction(envelopeFrom: string, recipients: readonly string[], data: Buffer): string {
  const envelope = `${envelopeFrom}\n${[...new Set(recipients)].sort().join("\n")}\n\n`;
  return createHash("sha256").update(envelope).update(data).digest("hex");
}
