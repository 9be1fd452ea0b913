import { randomBytes } from "node:crypto";
import type pg from "pg";
import { generateApiKey } from "../../../lib/console/api-keys/api-key-format";

type Queryable = Pick<pg.Pool, "query">;

/** A hosted domain (the sender domain the API accepts). */
export async function seedDomain(db: Queryable, name: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO domains (id, name, updated_at) VALUES (gen_random_uuid(), $1, now()) RETURNING id`,
    [name],
  );
  return rows[0].id;
}

/** An API key for every hosted domain; only its sha256 is stored, as createApiKey() does. */
export async function seedApiKey(db: Queryable, name = "reliability"): Promise<{ id: string; key: string; prefix: string }> {
  const { key, prefix, keyHash } = generateApiKey();
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO api_keys (id, name, prefix, key_hash, all_domains) VALUES (gen_random_uuid(), $1, $2, $3, true) RETURNING id`,
    [name, prefix, keyHash],
  );
  return { id: rows[0].id, key, prefix };
}

export type GatewaySeed = { description: string; address?: string; port: number; enabled?: boolean; type?: "ROUND_ROBIN" | "SPECIFIC_DOMAINS" };

/** A clear-text gateway (the SMTP sinks speak no TLS). */
export async function seedGateway(db: Queryable, gateway: GatewaySeed): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO gateways (id, description, address, port, encryption, verify_certificate, enabled, type, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, 'NONE', false, $4, $5, now()) RETURNING id`,
    [gateway.description, gateway.address ?? "127.0.0.1", gateway.port, gateway.enabled ?? true, gateway.type ?? "ROUND_ROBIN"],
  );
  return rows[0].id;
}

/** A unique Message-ID (with angle brackets, as the sinks record it). */
export function uniqueMessageId(domain: string, tag: string): string {
  return `<${tag}.${randomBytes(8).toString("hex")}@${domain}>`;
}

/** A small RFC 5322 message with the given Message-ID. */
export function rawMessage({ from, to, messageId, subject }: { from: string; to: string; messageId: string; subject: string }): Buffer {
  return Buffer.from(
    [
      `From: <${from}>`,
      `To: <${to}>`,
      `Subject: ${subject}`,
      `Message-ID: ${messageId}`,
      `Date: ${new Date().toUTCString()}`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      `Reliability test message ${messageId}.`,
      "",
    ].join("\r\n"),
  );
}

/**
 * Queues `count` messages straight into the tables (multi-row INSERTs, 500 a statement) — the shape
 * enqueueMessage() writes — and wakes the workers. Returns the Message-IDs with angle brackets.
 */
export async function insertQueuedMessages(
  db: Queryable,
  { count, from, to, tag }: { count: number; from: string; to: string; tag: string },
): Promise<string[]> {
  const senderDomain = from.slice(from.indexOf("@") + 1);
  const ids: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const size = Math.min(500, count - start);
    const values: unknown[] = [];
    const rows: string[] = [];
    for (let i = 0; i < size; i++) {
      const messageId = uniqueMessageId(senderDomain, `${tag}-${start + i}`);
      ids.push(messageId);
      const raw = rawMessage({ from, to, messageId, subject: `${tag} ${start + i}` });
      const p = values.length;
      values.push(messageId.slice(1, -1), from, senderDomain, raw, raw.byteLength);
      rows.push(`(gen_random_uuid(), $${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, clock_timestamp())`);
    }
    await db.query(
      `WITH inserted AS (
         INSERT INTO messages (id, message_id, envelope_from, sender_domain, raw, size, created_at)
         VALUES ${rows.join(", ")} RETURNING id)
       INSERT INTO message_recipients (message_id, address) SELECT id, $${values.length + 1} FROM inserted`,
      [...values, to],
    );
  }
  await db.query(`SELECT pg_notify('outgate_queue', 'reliability')`);
  return ids;
}
