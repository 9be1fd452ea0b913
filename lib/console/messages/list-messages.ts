import { runSearchStatement } from "../../platform/run-search-statement";
import type { MessageStatus } from "../../generated/prisma/enums";
import { buildMessageFilterWhere, type MessageCursor } from "../../engine/queue/select-messages-by-filter";
import type { MessageFilter } from "../../validation/message-filter";
import { isUuid } from "../../validation/uuid";
import type { SmtpArrivalCredential } from "./format-smtp-arrival";

export const MESSAGE_PAGE_SIZE = 50;
const RECIPIENTS_SHOWN = 3;

export type ListMessagesOptions = {
  filter?: MessageFilter;
  /** Cursor from the previous page's `nextCursor`; this page continues with older messages. Bad ones are ignored. */
  cursor?: string;
  limit?: number;
};

export type MessageListItem = {
  id: string;
  status: MessageStatus;
  envelopeFrom: string;
  subject: string | null;
  isBounce: boolean;
  recipients: string[];
  recipientCount: number;
  /** The gateway of the latest attempt, as it was labelled then; for a queued message, the one last tried. */
  gatewayLabel: string | null;
  /** Delivery attempts recorded (the rows of the detail page's Delivery attempts table): tries, not claims. */
  tries: number;
  lastError: string | null;
  createdAt: Date;
  /** "smtp" for the SMTP listener's messages (with the client's address), "api" otherwise. */
  submittedVia: string;
  clientIp: string | null;
  /** The SMTP credential (or IP-relay entry) it came with, as named now; null for the API's, or once deleted. */
  smtpCredential: SmtpArrivalCredential;
};


/** A page's last row → the opaque `cursor` URL value "<epoch ms>_<id>". */
export function encodeMessageCursor({ createdAt, id }: MessageCursor): string {
  return `${createdAt.getTime()}_${id}`;
}

/** The `cursor` URL value → a keyset position, or undefined when it is not one (a hand-edited URL starts over). */
export function decodeMessageCursor(value: string | undefined): MessageCursor | undefined {
  const match = value ? /^(\d{1,15})_(.+)$/.exec(value) : null;
  if (!match || !isUuid(match[2])) return undefined;
  return { createdAt: new Date(Number(match[1])), id: match[2].toLowerCase() };
}

/**
 * The newest messages matching `filter` (lib/validation/message-filter.ts) first, keyset-paged by (createdAt, id) so
 * equal timestamps and mail arriving meanwhile never skip or repeat a row; never the raw bytes. One statement: the
 * page's ids from the filter's index, then per row (LATERAL, only for the page's rows) its first recipients, their
 * count, the latest attempt's gateway and the attempts recorded. `nextCursor` is the cursor for the older page, or
 * null on the last page.
 */
export async function listMessages({ filter = {}, cursor, limit = MESSAGE_PAGE_SIZE }: ListMessagesOptions = {}) {
  const { where, values } = buildMessageFilterWhere(filter, { alias: "m", firstParam: 1 });
  const n = values.length;
  const position = decodeMessageCursor(cursor);
  const rows = await runSearchStatement<MessageListItem>(
    `SELECT p.id::text AS id, p.status::text AS status, p.envelope_from AS "envelopeFrom", p.subject, p.is_bounce AS "isBounce",
            p.last_error AS "lastError", p.created_at AS "createdAt", p.submitted_via::text AS "submittedVia", p.client_ip::text AS "clientIp",
            coalesce(r.addresses, '{}') AS recipients, r.count AS "recipientCount", a.gateway_label AS "gatewayLabel", a.tries,
            CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('name', c.name, 'username', c.username) END AS "smtpCredential"
       FROM (SELECT m.id, m.status, m.envelope_from, m.subject, m.is_bounce, m.last_error, m.created_at, m.submitted_via, m.client_ip, m.smtp_credential_id
               FROM messages AS m
              WHERE ${where} AND ($${n + 1}::timestamptz IS NULL OR (m.created_at, m.id) < ($${n + 1}::timestamptz, $${n + 2}::uuid))
              ORDER BY m.created_at DESC, m.id DESC
              LIMIT $${n + 3}) AS p
       CROSS JOIN LATERAL (
         SELECT (SELECT array_agg(address ORDER BY id) FROM (SELECT id, address FROM message_recipients WHERE message_id = p.id ORDER BY id LIMIT $${n + 4}) AS shown) AS addresses,
                (SELECT count(*)::int FROM message_recipients WHERE message_id = p.id) AS count
       ) AS r
       CROSS JOIN LATERAL (
         SELECT (SELECT gateway_label FROM delivery_attempts WHERE message_id = p.id ORDER BY started_at DESC, id DESC LIMIT 1) AS gateway_label,
                (SELECT count(*)::int FROM delivery_attempts WHERE message_id = p.id) AS tries
       ) AS a
       LEFT JOIN smtp_credentials AS c ON c.id = p.smtp_credential_id
      ORDER BY p.created_at DESC, p.id DESC`,
    [...values, position?.createdAt ?? null, position?.id ?? null, limit + 1, RECIPIENTS_SHOWN],
  );
  const page = rows.slice(0, limit);
  return { items: page, nextCursor: rows.length > limit ? encodeMessageCursor(page[page.length - 1]) : null };
}
