import { createHash } from "node:crypto";
import type { AuthenticatedApiKey } from "../console/api-keys/authenticate-api-key";
import { parseJson } from "./parse-json";
import { getDb } from "../platform/db";
import { getEnv } from "../platform/env";
import { getHostName, type HostName } from "../platform/host-name";
import { AppError, fieldErrorsFromZod } from "../platform/errors";
import { makeSubmitMessageSchema, type SubmitMessageValues } from "../validation/submit-message";
import { toQueuedDsn } from "../validation/dsn-request";
import type { SubmittedMessage } from "../validation/submission-answers";
import { acceptMessage, type BuiltMessage } from "./accept-message";
import { generateMessageId } from "../platform/generate-message-id";
import { composeMessage } from "./compose-message";
import { formatReceived, toTraceId } from "./format-received";
import { inspectRawMessage } from "./inspect-raw-message";

export type SubmitMessageOptions = {
  apiKey: AuthenticatedApiKey;
  /** The request body as read (UTF-8 text); its sha256 identifies the request for idempotency. */
  body: string;
  idempotencyKey?: string | null;
  arrival: HttpArrival;
};

/** How the request reached us, for the message's Received field (lib/http/read-http-arrival.ts reads it). */
export type HttpArrival = {
  /** The client's address (lib/http/read-client-ip.ts), or null when it cannot be known. */
  clientIp: string | null;
  /** "HTTPS" when a trusted proxy says the client spoke TLS to it; Outgate's own web server speaks plain HTTP. */
  protocol: "HTTP" | "HTTPS";
};

const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/**
 * POST /api/v1/messages: validate, check the sender domain is hosted here (Outgate is never an open relay)
 * and allowed for the key, build the MIME message once with Outgate's Received field on top, and queue it. Resolves
 * only after the commit.
 */
export async function submitMessage({ apiKey, body, idempotencyKey, arrival }: SubmitMessageOptions): Promise<SubmittedMessage> {
  const key = normaliseIdempotencyKey(idempotencyKey);
  const idempotency = key ? { key, requestHash: hashRequest(body) } : null;
  return submitParsedMessage({ apiKey, idempotency, readPayload: () => parseJson(body), arrival });
}

/** A retry with the same key must carry the same request (its hash); it then gets the first answer again. */
export type Idempotency = { key: string; requestHash: string };

export type SubmitParsedMessageOptions = {
  apiKey: AuthenticatedApiKey;
  idempotency: Idempotency | null;
  /** The message as parsed JSON; read only when no earlier answer exists for the idempotency key. */
  readPayload: () => unknown;
  arrival: HttpArrival;
};

/** One message of a request (the single endpoint's body, or one item of a batch). */
export async function submitParsedMessage({ apiKey, idempotency, readPayload, arrival }: SubmitParsedMessageOptions): Promise<SubmittedMessage> {
  if (idempotency) {
    const earlier = await findEarlierAnswer(apiKey.id, idempotency);
    if (earlier) return earlier;
  }

  const env = getEnv();
  const parsed = submitSchema(env.OUTGATE_MAX_RECIPIENTS).safeParse(readPayload());
  if (!parsed.success) throw new AppError("validation_failed", "Some fields are invalid.", fieldErrorsFromZod(parsed.error));
  const values = parsed.data;
  // Resolved once per process (at start-up, or here on first use): later submissions wait on no lookup.
  const hostName = await getHostName();

  const envelopeFrom = values.mode === "raw" ? values.envelope.from : values.from.address;
  try {
    const { id, messageId } = await acceptMessage({
      submitter: { client: apiKey, label: "This API key" },
      envelopeFrom,
      senderField: values.mode === "raw" ? "envelope.from" : "from",
      recipients: values.rcptTo,
      build: (senderDomain) => buildMessage(values, { senderDomain, hostName, arrival }),
      origin: { apiKeyId: apiKey.id, idempotencyKey: idempotency?.key ?? null, requestHash: idempotency?.requestHash ?? null, ...toQueuedDsn(values.dsn, values.rcptTo) },
    });
    return { id, messageId, status: "queued", recipients: values.rcptTo };
  } catch (error) {
    // A concurrent request with the same Idempotency-Key committed first: answer as it did.
    if (idempotency && (error as { code?: string }).code === "P2002") {
      const earlier = await findEarlierAnswer(apiKey.id, idempotency);
      if (earlier) return earlier;
    }
    throw error;
  }
}

// Building the zod schema costs more than using it; the limit comes from the
// environment, read once, so one schema serves every request.
let cachedSchema: { maxRecipients: number; schema: ReturnType<typeof makeSubmitMessageSchema> } | undefined;
function submitSchema(maxRecipients: number) {
  if (cachedSchema?.maxRecipients !== maxRecipients) cachedSchema = { maxRecipients, schema: makeSubmitMessageSchema({ maxRecipients }) };
  return cachedSchema.schema;
}

export function hashRequest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** `what` names where the key came from in the error (the header, or a batch item's field). */
export function normaliseIdempotencyKey(value: string | null | undefined, what = "The Idempotency-Key header"): string | null {
  if (value === null || value === undefined) return null;
  const key = value.trim();
  if (!key || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !/^[\x20-\x7e]+$/.test(key)) {
    throw new AppError("bad_request", `${what} must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters.`);
  }
  return key;
}

async function findEarlierAnswer(apiKeyId: string, { key: idempotencyKey, requestHash }: Idempotency): Promise<SubmittedMessage | null> {
  const earlier = await getDb().message.findUnique({
    where: { apiKeyId_idempotencyKey: { apiKeyId, idempotencyKey } },
    select: { id: true, messageId: true, requestHash: true, recipients: { select: { address: true }, orderBy: { id: "asc" } } },
  });
  if (!earlier) return null;
  if (earlier.requestHash !== requestHash) {
    throw new AppError("conflict", "This Idempotency-Key was already used for a different request body.");
  }
  return { id: earlier.id, messageId: earlier.messageId, status: "queued", recipients: earlier.recipients.map((r) => r.address) };
}

/**
 * The message as it will be stored and sent: composed, or the raw one inspected (inspectRawMessage), with Outgate's
 * Received field on top (RFC 5322 §3.6.7: trace fields lead the header; an HTTP client sends none — they are refused).
 */
function buildMessage(values: SubmitMessageValues, { senderDomain, hostName, arrival }: { senderDomain: string; hostName: HostName; arrival: HttpArrival }): BuiltMessage {
  const now = new Date();
  const received = (messageId: string) => formatReceived({ ...arrival, hostName: hostName.name, id: toTraceId(messageId) }, now);
  if (values.mode === "raw") {
    const raw = Buffer.from(values.raw.buffer, values.raw.byteOffset, values.raw.byteLength);
    const inspected = inspectRawMessage(raw, { senderDomain, hostName, now });
    return { ...inspected, raw: Buffer.concat([Buffer.from(received(inspected.messageId), "utf8"), inspected.raw]) };
  }
  const messageId = generateMessageId({ hostName, senderDomain });
  const raw = composeMessage(values, { messageId, date: now, trace: received(messageId) });
  // The composed message's only sender identity is `from`, MAIL FROM itself: Sender, Resent-* and signatures are
  // refused as custom headers (customHeaderProblem).
  return { raw, messageId, subject: values.subject || null, identities: [] };
}
