import { randomUUID } from "node:crypto";
import type pg from "pg";
import { runPreparedStatement } from "../../platform/db";
import type { MessageDsn, RecipientDsn } from "../../validation/dsn-request";
import { QUEUE_CHANNEL } from "./queue-channel";

export type EnqueueMessageInput = {
  apiKeyId: string | null;
  idempotencyKey?: string | null;
  requestHash?: string | null;
  /** Without angle brackets. */
  messageId: string;
  /** "" for the null sender (DSNs). */
  envelopeFrom: string;
  senderDomain: string;
  subject: string | null;
  raw: Uint8Array;
  recipients: string[];
  isBounce?: boolean;
  /** For a DSN: the message it reports on (messages.bounce_of_id), so each links to the other. */
  bounceOfId?: string | null;
  /** How it arrived (default "api"); SMTP submissions also carry the client's address and credential. */
  submittedVia?: "api" | "smtp";
  clientIp?: string | null;
  smtpCredentialId?: string | null;
  /** The sender's DSN request (RFC 3461 RET, ENVID); absent: none. */
  dsn?: MessageDsn | null;
  /** Per recipient, in the order of `recipients`: RFC 3461 NOTIFY and ORCPT; absent or null: none asked. */
  recipientDsn?: (RecipientDsn | null)[];
};

export type EnqueuedMessage = { id: string; createdAt: Date };

export type EnqueueOptions = {
  /**
   * Store a message only if its sender domain is hosted, checked in the same statement (default; API submissions:
   * never an open relay). False for DSNs: they answer mail that was accepted, even if its domain is gone since.
   */
  onlyForHostedDomains?: boolean;
  /** Run on this client, inside its open transaction (the outcome record's), instead of on its own on the pool. */
  client?: pg.ClientBase;
};

/**
 * The one way a message enters the queue — API submissions, their group commits and DSNs alike. Stores the messages
 * with all their recipients PENDING and NOTIFYs the workers of each, in one SQL statement: one round trip, and on
 * the pool one commit (with fsync) for the whole group. A statement is atomic: if it fails, none of them is stored.
 * NOTIFY is delivered at commit, so a woken worker always finds the rows. Answers in the order of `inputs`;
 * null means "not stored": the sender domain is not hosted (when checked), or the (apiKeyId, idempotencyKey) is
 * already taken.
 */
export async function enqueueMessages(inputs: EnqueueMessageInput[], { onlyForHostedDomains = true, client }: EnqueueOptions = {}): Promise<(EnqueuedMessage | null)[]> {
  if (inputs.length === 0) return [];
  const ids = inputs.map(() => randomUUID());
  const { name, text } = onlyForHostedDomains ? ENQUEUE_FOR_HOSTED_DOMAINS : ENQUEUE_FOR_ANY_DOMAIN;
  const values = [
    ids,
    inputs.map((i) => i.apiKeyId),
    inputs.map((i) => i.idempotencyKey ?? null),
    inputs.map((i) => i.requestHash ?? null),
    inputs.map((i) => i.messageId),
    inputs.map((i) => i.envelopeFrom),
    inputs.map((i) => i.senderDomain),
    inputs.map((i) => i.subject),
    inputs.map((i) => asBuffer(i.raw)),
    inputs.map((i) => i.raw.byteLength),
    inputs.map((i) => i.isBounce ?? false),
    inputs.flatMap((input, index) => input.recipients.map(() => ids[index])),
    inputs.flatMap((i) => i.recipients),
    QUEUE_CHANNEL,
    inputs.map((i) => i.submittedVia ?? "api"),
    inputs.map((i) => i.clientIp ?? null),
    inputs.map((i) => i.smtpCredentialId ?? null),
    inputs.map((i) => i.bounceOfId ?? null),
    inputs.map((i) => i.dsn?.ret ?? null),
    inputs.map((i) => i.dsn?.envid ?? null),
    inputs.flatMap((i) => i.recipients.map((_, n) => i.recipientDsn?.[n]?.notify?.join(",") ?? null)),
    inputs.flatMap((i) => i.recipients.map((_, n) => i.recipientDsn?.[n]?.orcpt ?? null)),
  ];
  // Named prepared statements either way: PostgreSQL plans the statement once per connection, not per call.
  const rows = client
    ? (await client.query<EnqueuedMessage>({ name, text, values })).rows
    : await runPreparedStatement<EnqueuedMessage>(name, text, values);
  const stored = new Map(rows.map((row) => [row.id, row.createdAt]));
  return ids.map((id) => {
    const createdAt = stored.get(id);
    return createdAt ? { id, createdAt } : null;
  });
}

/**
 * The statement's text; the hosted-domain check is the only part that differs. Arrays in, one row per input
 * (unnest), recipients in their given order. ON CONFLICT DO NOTHING skips a message whose idempotency key is taken
 * instead of failing the whole group.
 */
function buildEnqueueStatement(onlyForHostedDomains: boolean): string {
  const hostedOnly = `
     WHERE EXISTS (SELECT 1 FROM domains WHERE name = i.sender_domain)`;
  return `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                         $9::bytea[], $10::int[], $11::boolean[], $15::text[], $16::text[], $17::uuid[], $18::uuid[],
                         $19::text[], $20::text[])
           AS i(id, api_key_id, idempotency_key, request_hash, message_id, envelope_from, sender_domain, subject, raw, size, is_bounce,
                submitted_via, client_ip, smtp_credential_id, bounce_of_id, dsn_ret, dsn_envid)
  ), message AS (
    INSERT INTO messages (id, api_key_id, idempotency_key, request_hash, message_id, envelope_from, sender_domain, subject,
                          raw, size, is_bounce, submitted_via, client_ip, smtp_credential_id, bounce_of_id, dsn_ret, dsn_envid)
    SELECT i.id, i.api_key_id, i.idempotency_key, i.request_hash, i.message_id, i.envelope_from, i.sender_domain, i.subject,
           i.raw, i.size, i.is_bounce, i.submitted_via, i.client_ip, i.smtp_credential_id, i.bounce_of_id, i.dsn_ret, i.dsn_envid
      FROM input AS i${onlyForHostedDomains ? hostedOnly : ""}
    ON CONFLICT DO NOTHING
    RETURNING id, created_at
  ), recipients AS (
    INSERT INTO message_recipients (message_id, address, dsn_notify, dsn_orcpt)
    SELECT r.message_id, r.address, r.dsn_notify, r.dsn_orcpt
      FROM unnest($12::uuid[], $13::text[], $21::text[], $22::text[]) WITH ORDINALITY AS r(message_id, address, dsn_notify, dsn_orcpt, n)
      JOIN message ON message.id = r.message_id
     ORDER BY r.n
  )
  SELECT id, created_at AS "createdAt", pg_notify($14, id::text) FROM message`;
}

// A prepared statement's name stands for one text, so each variant has its own.
const ENQUEUE_FOR_HOSTED_DOMAINS = { name: "outgate_enqueue_messages", text: buildEnqueueStatement(true) };
const ENQUEUE_FOR_ANY_DOMAIN = { name: "outgate_enqueue_messages_any_domain", text: buildEnqueueStatement(false) };

/** pg sends a Buffer as bytea; a plain Uint8Array would be sent as text. A view, not a copy (messages can be 25 MiB). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
