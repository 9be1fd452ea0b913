import type { AuthenticatedApiKey } from "../console/api-keys/authenticate-api-key";
import { getEnv } from "../platform/env";
import { AppError } from "../platform/errors";
import { getEnqueueBatcher } from "../engine/queue/create-enqueue-batcher";
import type { EnqueueMessageInput } from "../engine/queue/enqueue-messages";
import { checkSenderIdentities, readKeyDomainScope, type SenderIdentity } from "./check-sender-identities";
import { isDomainHosted } from "./read-hosted-domain";
import { reserveSendingLimits } from "./reserve-sending-limits";

/**
 * Who submits: an API key, or an SMTP credential of the same shape (id, name, allDomains, domainNames), so one set of
 * sender rules serves both. `label` names it in errors ("This API key may not send for …").
 */
export type Submitter = { client: Pick<AuthenticatedApiKey, "id" | "allDomains" | "domainNames">; label: string };

/** A message made ready for the wire (inspectRawMessage, or composed), with the sender identities it carries. */
export type BuiltMessage = { raw: Buffer; messageId: string; subject: string | null; identities: readonly SenderIdentity[] };

/**
 * What the queue row records about where the message came from (API key and Idempotency-Key, or SMTP client), and the
 * sender's DSN request (RFC 3461; recipientDsn in the order of `recipients`).
 */
export type MessageOrigin = Pick<EnqueueMessageInput, "id" | "apiKeyId" | "idempotencyKey" | "requestHash" | "submittedVia" | "clientIp" | "smtpCredentialId" | "dsn" | "recipientDsn" | "retryWindowSeconds">;

export type AcceptMessageOptions = {
  submitter: Submitter;
  /** MAIL FROM, an addr-spec whose domain is lower-case ASCII (the schemas normalise it); "" is the null reverse-path. */
  envelopeFrom: string;
  /**
   * With the null reverse-path only (SMTP's MAIL FROM:<>, RFC 5321 §4.5.5): the domain the message is sent for, its
   * From field's (readNullSenderDomain) — held to the envelope sender's rules and used to route the message.
   */
  nullSenderDomain?: string;
  /** Where the envelope sender came from, for field errors ("envelope.from", "from", "MAIL FROM"). */
  senderField: string;
  recipients: string[];
  /** Builds the message; errors it throws are reported after an unhosted sender domain (the first thing to fix). */
  build: (senderDomain: string) => BuiltMessage | Promise<BuiltMessage>;
  origin: MessageOrigin;
};

/**
 * The one intake every submission goes through, API (compose, raw, batch items) and SMTP alike: the envelope sender's
 * domain must be hosted here (Outgate is never an open relay: 422 `unprocessable`) and allowed for the submitter (403
 * `forbidden`); every sender identity in the header too (checkSenderIdentities); the built message must fit
 * OUTGATE_MAX_MESSAGE_BYTES (413 `payload_too_large`). Then the group-commit batcher stores it and this resolves only
 * after the commit: `{ id, messageId, repeated }` — `repeated`: an SMTP retry (origin.retryWindowSeconds), answered
 * with the earlier message's id and not stored again. Throws the batcher's errors as they are (a P2002-coded error
 * for a taken Idempotency-Key).
 */
export async function acceptMessage({ submitter, envelopeFrom, nullSenderDomain, senderField, recipients, build, origin }: AcceptMessageOptions): Promise<{ id: string; messageId: string; repeated: boolean }> {
  const env = getEnv();
  const senderDomain = envelopeFrom === "" ? (nullSenderDomain ?? "") : envelopeFrom.slice(envelopeFrom.lastIndexOf("@") + 1);
  // A submitter's own domains are hosted (their lists reference them); any other sender domain is checked by the
  // insert itself, in the same statement — so the common case costs no extra round trip.
  const scope = readKeyDomainScope(submitter.client);
  const checkedByScope = !scope.all && scope.domains.has(senderDomain);
  if (!scope.all && !checkedByScope) {
    await assertHosted(senderDomain, senderField);
    throw new AppError("forbidden", `${submitter.label} may not send for ${senderDomain}.`);
  }

  const built = await Promise.resolve()
    .then(() => build(senderDomain))
    .then(async (message) => {
      // The scope covers every sender identity in the message, not only MAIL FROM (issue 12, kind 3).
      await checkSenderIdentities(submitter.client, message.identities, { hostedDomain: senderDomain, label: submitter.label });
      return message;
    })
    .catch(async (error: unknown) => {
      if (!checkedByScope) await assertHosted(senderDomain, senderField);
      throw error;
    });
  if (built.raw.byteLength > env.OUTGATE_MAX_MESSAGE_BYTES) {
    if (!checkedByScope) await assertHosted(senderDomain, senderField);
    // The size of what would be relayed, which is what the limit is about; it can exceed what the client sent (bare LFs
    // made CRLF, RFC 5321 §2.3.8; Outgate's Received, Message-ID and Date fields), so the text says so.
    throw new AppError(
      "payload_too_large",
      `The message is ${built.raw.byteLength} bytes as Outgate would relay it (CRLF line endings, with its trace and header fields); the limit is ${env.OUTGATE_MAX_MESSAGE_BYTES}.`,
    );
  }

  // Sending limits (issue 15): a domain's Reject limit or the key's limit answers 429 with Retry-After.
  const giveBackSlot = await reserveSendingLimits({ senderDomain, apiKeyId: origin.apiKeyId ?? null });
  // Group commit: concurrent submissions (HTTP and SMTP) share one statement and one WAL flush; each resolves after it.
  const message = await getEnqueueBatcher()({
    ...origin,
    messageId: built.messageId,
    envelopeFrom,
    senderDomain,
    subject: built.subject,
    raw: built.raw,
    recipients,
  }).catch(async (error: unknown) => {
    await giveBackSlot().catch(() => {});
    throw error;
  });
  if (!message) {
    await giveBackSlot();
    throw notHosted(senderDomain, senderField);
  }
  // A retry was counted against the limits when it was first queued.
  if (message.repeated) await giveBackSlot();
  return { id: message.id, messageId: built.messageId, repeated: message.repeated ?? false };
}

/**
 * The envelope sender's check alone, before any message data (SMTP answers it at MAIL FROM): hosted here (422
 * `unprocessable`) and allowed for the submitter (403 `forbidden`). acceptMessage checks it again at the insert.
 */
export async function checkEnvelopeSender(submitter: Submitter, envelopeFrom: string, senderField: string): Promise<void> {
  const senderDomain = envelopeFrom.slice(envelopeFrom.lastIndexOf("@") + 1);
  const scope = readKeyDomainScope(submitter.client);
  if (!scope.all && scope.domains.has(senderDomain)) return;
  await assertHosted(senderDomain, senderField);
  if (!scope.all) throw new AppError("forbidden", `${submitter.label} may not send for ${senderDomain}.`);
}

/** Outgate is never an open relay: the sender domain must be one of ours. */
async function assertHosted(senderDomain: string, field: string): Promise<void> {
  if (!(await isDomainHosted(senderDomain))) throw notHosted(senderDomain, field);
}

function notHosted(senderDomain: string, field: string): AppError {
  const message = `The sender domain ${senderDomain} is not hosted here; add it on the Domains page first.`;
  return new AppError("unprocessable", message, { [field]: [message] });
}
