import { runStatement } from "../../platform/db";
import { buildMessageFilterWhere, type MessageCursor } from "../../engine/queue/select-messages-by-filter";
import type { MessageFilter } from "../../validation/message-filter";

/** Rows per statement of an export: big enough to stream quickly, small enough to hold one batch in memory. */
export const EXPORT_BATCH_SIZE = 1000;
/** The most rows one export writes; a larger match says so in its last line (narrow the filter). */
export const EXPORT_MAX_ROWS = 200_000;

export type MessageExportRow = {
  id: string;
  createdAt: Date;
  status: string;
  messageId: string;
  envelopeFrom: string;
  senderDomain: string;
  /** Every recipient, in submission order. */
  recipients: string[];
  subject: string | null;
  /** The gateway of the latest attempt as labelled then (for a queued message: last tried). */
  gateway: string | null;
  /** Delivery attempts recorded. */
  tries: number;
  lastError: string | null;
  completedAt: Date | null;
};

/**
 * The messages matching `filter`, newest first, in batches of EXPORT_BATCH_SIZE by keyset (created_at, id), at most
 * `maxRows` in all — one statement per batch, so an export of a big queue streams instead of loading it at once.
 */
export async function* readMessageExportBatches(filter: MessageFilter, { maxRows = EXPORT_MAX_ROWS, batchSize = EXPORT_BATCH_SIZE } = {}): AsyncGenerator<MessageExportRow[]> {
  const { where, values } = buildMessageFilterWhere(filter, { alias: "m", firstParam: 1 });
  const n = values.length;
  let cursor: MessageCursor | null = null;
  let written = 0;
  while (written < maxRows) {
    const limit = Math.min(batchSize, maxRows - written);
    const rows: MessageExportRow[] = await runStatement<MessageExportRow>(
      `SELECT m.id::text AS id, m.created_at AS "createdAt", m.status::text AS status, m.message_id AS "messageId",
              m.envelope_from AS "envelopeFrom", m.sender_domain AS "senderDomain", m.subject,
              coalesce((SELECT array_agg(r.address ORDER BY r.id) FROM message_recipients AS r WHERE r.message_id = m.id), '{}') AS recipients,
              (SELECT a.gateway_label FROM delivery_attempts AS a WHERE a.message_id = m.id ORDER BY a.started_at DESC, a.id DESC LIMIT 1) AS gateway,
              (SELECT count(*)::int FROM delivery_attempts AS a WHERE a.message_id = m.id) AS tries,
              m.last_error AS "lastError", m.completed_at AS "completedAt"
         FROM messages AS m
        WHERE ${where} AND ($${n + 1}::timestamptz IS NULL OR (m.created_at, m.id) < ($${n + 1}::timestamptz, $${n + 2}::uuid))
        ORDER BY m.created_at DESC, m.id DESC
        LIMIT $${n + 3}`,
      [...values, cursor?.createdAt ?? null, cursor?.id ?? null, limit],
    );
    if (rows.length === 0) return;
    yield rows;
    written += rows.length;
    if (rows.length < limit) return;
    const last = rows[rows.length - 1];
    cursor = { createdAt: last.createdAt, id: last.id };
  }
}
