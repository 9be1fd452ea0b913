import { randomUUID } from "node:crypto";
import type pg from "pg";
import { runPreparedStatement } from "../../platform/db";
import type { MessageDsn, RecipientDsn } from "../../validation/dsn-request";
import { QUEUE_CHANNEL } from "./queue-channel";

export type EnqueueMessageInput = {
  /**
   * The row's id (a UUID) when the caller must name the message before it is stored — the SMTP path writes it into the
   * Received field's id clause; absent: a fresh one. A retry answered with an earlier message (retryWindowSeconds)
   * stores nothing, so this id is then never used.
   */
  id?: string;
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
  /**
   * An SMTP client's retry (issue 16): when the same credential queued a message with the same Message-ID and
   * requestHash within this many seconds, that message is answered (`repeated: true`) and nothing is stored. Checked
   * in the insert's own statement, so recognising a retry costs no extra round trip. Absent or null: never a retry.
   */
  retryWindowSeconds?: number | null;
};

/** `repeated`: not stored — the earlier message this one is a retry of (retryWindowSeconds) is answered instead. */
export type EnqueuedMessage = { id: string; createdAt: Date; repeated?: boolean };

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
  const ids = inputs.map((input) => input.id ?? randomUUID());
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
    concatenateBodies(inputs),
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
    inputs.map((i) => i.retryWindowSeconds ?? null),
    offsetsOf(inputs),
  ];
  // Named prepared statements either way: PostgreSQL plans the statement once per connection, not per call.
  type Row = { inputId: string; id: string; createdAt: Date };
  const rows = client ? (await client.query<Row>({ name, text, values })).rows : await runPreparedStatement<Row>(name, text, values);
  const answered = new Map(rows.map((row) => [row.inputId, row]));
  return ids.map((inputId) => {
    const row = answered.get(inputId);
    if (!row) return null;
    return row.id === inputId ? { id: row.id, createdAt: row.createdAt } : { id: row.id, createdAt: row.createdAt, repeated: true };
  });
}

/**
 * The statement's text; the hosted-domain check is the only part that differs. Arrays in, one row per input
 * (unnest), recipients in their given order. ON CONFLICT DO NOTHING skips a message whose idempotency key is taken
 * instead of failing the whole group. An SMTP retry (retry_window) finds its earlier message by Message-ID
 * (messages_message_id_idx) and is answered with it, not stored. One row out per answered input: its input id,
 * and the stored (or earlier) message's id.
 */
function buildEnqueueStatement(onlyForHostedDomains: boolean): string {
  const hostedOnly = `
       AND EXISTS (SELECT 1 FROM domains WHERE name = i.sender_domain)`;
  return `
  WITH input AS (
    -- The bodies arrive as one binary bytea ($9), each cut out at its offset: an array of bytea travels as hex text
    -- that both sides must encode and parse (measured: 12 µs of PostgreSQL CPU a 2 KB message more).
    SELECT i.*, substring($9::bytea FROM i.raw_offset + 1 FOR i.size) AS raw
      FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                  $24::int[], $10::int[], $11::boolean[], $15::text[], $16::text[], $17::uuid[], $18::uuid[],
                  $19::text[], $20::text[], $23::int[])
           AS i(id, api_key_id, idempotency_key, request_hash, message_id, envelope_from, sender_domain, subject, raw_offset, size,
                is_bounce, submitted_via, client_ip, smtp_credential_id, bounce_of_id, dsn_ret, dsn_envid, retry_window)
  ), retried AS (
    -- One lookup by Message-ID per input, whatever the planner thinks of the table. A prepared statement soon runs on
    -- a generic plan made once, often while the table was small (after a purge, on a new install): as a join, that
    -- plan read every message with each new one (a sequential scan, or messages_smtp_credential_idx) for as long as
    -- it was cached — PostgreSQL's CPU per SMTP message grew 310 → 1,220 µs over the first 16,000 (bench/RESULTS.md
    -- run 17). LATERAL … LIMIT keeps it a lookup per input, and only the Message-ID is an index condition (the other
    -- tests are written so that no index applies), so no index of the credential's messages is ever read. Two earlier
    -- copies (stored at once) are possible: either answers the client.
    SELECT i.id AS input_id, earlier.id, earlier.created_at
      FROM input AS i
     CROSS JOIN LATERAL (
           SELECT m.id, m.created_at FROM messages AS m
            WHERE m.message_id = i.message_id
              AND m.smtp_credential_id IS NOT DISTINCT FROM i.smtp_credential_id AND m.request_hash = i.request_hash
              AND m.created_at + make_interval(secs => i.retry_window) >= now()
            LIMIT 1) AS earlier
     WHERE i.retry_window IS NOT NULL AND i.smtp_credential_id IS NOT NULL
  ), message AS (
    INSERT INTO messages (id, api_key_id, idempotency_key, request_hash, message_id, envelope_from, sender_domain, subject,
                          raw, size, is_bounce, submitted_via, client_ip, smtp_credential_id, bounce_of_id, dsn_ret, dsn_envid)
    SELECT i.id, i.api_key_id, i.idempotency_key, i.request_hash, i.message_id, i.envelope_from, i.sender_domain, i.subject,
           i.raw, i.size, i.is_bounce, i.submitted_via, i.client_ip, i.smtp_credential_id, i.bounce_of_id, i.dsn_ret, i.dsn_envid
      FROM input AS i
     WHERE NOT EXISTS (SELECT 1 FROM retried WHERE retried.input_id = i.id)${onlyForHostedDomains ? hostedOnly : ""}
    ON CONFLICT DO NOTHING
    RETURNING id, created_at
  ), recipients AS (
    INSERT INTO message_recipients (message_id, address, dsn_notify, dsn_orcpt)
    SELECT r.message_id, r.address, r.dsn_notify, r.dsn_orcpt
      FROM unnest($12::uuid[], $13::text[], $21::text[], $22::text[]) WITH ORDINALITY AS r(message_id, address, dsn_notify, dsn_orcpt, n)
      JOIN message ON message.id = r.message_id
     ORDER BY r.n
  ), woken AS (
    -- One wake-up per statement when it stored anything, not one per message: a listener only learns that mail arrived
    -- (listen-for-queue.ts reads no payload), and every notification is written to PostgreSQL's notification queue
    -- and sent to every listening worker. A CTE with a volatile function is run once, not inlined.
    SELECT pg_notify($14, '') FROM (SELECT 1 FROM message LIMIT 1) AS stored
  )
  SELECT message.id AS "inputId", message.id, message.created_at AS "createdAt"
    FROM message LEFT JOIN woken ON true
  UNION ALL
  SELECT input_id, id, created_at FROM retried`;
}

// A prepared statement's name stands for one text, so each variant has its own.
const ENQUEUE_FOR_HOSTED_DOMAINS = { name: "outgate_enqueue_messages", text: buildEnqueueStatement(true) };
const ENQUEUE_FOR_ANY_DOMAIN = { name: "outgate_enqueue_messages_any_domain", text: buildEnqueueStatement(false) };

/** The prepared statement's text (parameters $1…$24), for tests that EXPLAIN its generic plan. */
export function enqueueStatementText(onlyForHostedDomains: boolean): string {
  return (onlyForHostedDomains ? ENQUEUE_FOR_HOSTED_DOMAINS : ENQUEUE_FOR_ANY_DOMAIN).text;
}

/**
 * Every body, one after the other, as one Buffer: pg sends a Buffer parameter in binary form. A lone body is sent as it
 * is, not copied (messages can be 25 MiB; the batcher puts at most 4 MiB of smaller ones in a statement).
 */
function concatenateBodies(inputs: EnqueueMessageInput[]): Buffer {
  const bodies = inputs.map(({ raw }) => (Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)));
  return bodies.length === 1 ? bodies[0] : Buffer.concat(bodies);
}

/** Where each body starts in concatenateBodies' Buffer, in bytes. */
function offsetsOf(inputs: EnqueueMessageInput[]): number[] {
  let offset = 0;
  return inputs.map(({ raw }) => {
    const start = offset;
    offset += raw.byteLength;
    return start;
  });
}
