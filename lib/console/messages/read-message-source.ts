import { getDb } from "../../platform/db";
import { isUuid } from "../../validation/uuid";

/** How much of a message the View source page shows: 256 KiB; the rest is in the .eml download. */
export const SOURCE_SHOWN_BYTES = 256 * 1024;

export type MessageSourceHead = {
  id: string;
  subject: string | null;
  /** The stored message's full size in octets. */
  size: number;
  /** Its first `maxBytes` octets (headers first: the stored RFC 5322 bytes as they go out). */
  head: Buffer;
  truncated: boolean;
};

/**
 * The start of one message as stored (messages.raw: the exact octets sent to the gateway), for the View source page.
 * Only `maxBytes` are read from the database (substring of the bytea), so a 50 MB message costs no more than a small
 * one. null for an unknown or malformed id.
 */
export async function readMessageSourceHead(id: string, maxBytes = SOURCE_SHOWN_BYTES): Promise<MessageSourceHead | null> {
  if (!isUuid(id)) return null;
  const [row] = await getDb().$queryRaw<{ subject: string | null; size: number; head: Uint8Array }[]>`
    SELECT subject, octet_length(raw) AS size, substring(raw FROM 1 FOR ${maxBytes}::int) AS head
      FROM messages WHERE id = ${id}::uuid`;
  if (!row) return null;
  return { id, subject: row.subject, size: row.size, head: Buffer.from(row.head), truncated: row.size > maxBytes };
}

/** The whole message as stored, for the .eml download; null for an unknown or malformed id. */
export async function readMessageRaw(id: string): Promise<{ messageId: string; raw: Buffer } | null> {
  if (!isUuid(id)) return null;
  const message = await getDb().message.findUnique({ where: { id }, select: { messageId: true, raw: true } });
  return message ? { messageId: message.messageId, raw: Buffer.from(message.raw) } : null;
}
