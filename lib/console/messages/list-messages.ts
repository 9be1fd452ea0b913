import { getDb } from "../../platform/db";
import type { MessageStatus } from "../../generated/prisma/enums";
import { selectMessagesByFilter, type MessageCursor } from "../../engine/queue/select-messages-by-filter";
import type { MessageFilter } from "../../validation/message-filter";

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
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A page's last row → the opaque `cursor` URL value "<epoch ms>_<id>". */
export function encodeMessageCursor({ createdAt, id }: MessageCursor): string {
  return `${createdAt.getTime()}_${id}`;
}

/** The `cursor` URL value → a keyset position, or undefined when it is not one (a hand-edited URL starts over). */
export function decodeMessageCursor(value: string | undefined): MessageCursor | undefined {
  const match = value ? /^(\d{1,15})_(.+)$/.exec(value) : null;
  if (!match || !UUID.test(match[2])) return undefined;
  return { createdAt: new Date(Number(match[1])), id: match[2].toLowerCase() };
}

/**
 * The newest messages matching `filter` (lib/validation/message-filter.ts) first, keyset-paged by (createdAt, id) so
 * equal timestamps and mail arriving meanwhile never skip or repeat a row; never the raw bytes. `nextCursor` is
 * the cursor for the older page, or null on the last page.
 */
export async function listMessages({ filter = {}, cursor, limit = MESSAGE_PAGE_SIZE }: ListMessagesOptions = {}) {
  const selected = await selectMessagesByFilter(filter, { cursor: decodeMessageCursor(cursor), limit: limit + 1 });
  const page = selected.slice(0, limit);
  const rows = await getDb().message.findMany({
    where: { id: { in: page.map((row) => row.id) } },
    select: {
      id: true,
      status: true,
      envelopeFrom: true,
      subject: true,
      isBounce: true,
      lastError: true,
      createdAt: true,
      submittedVia: true,
      clientIp: true,
      recipients: { select: { address: true }, orderBy: { id: "asc" }, take: RECIPIENTS_SHOWN },
      _count: { select: { recipients: true, deliveryLog: true } },
      deliveryLog: { select: { gatewayLabel: true }, orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: 1 },
    },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items: MessageListItem[] = page.flatMap(({ id }) => {
    const row = byId.get(id);
    // Deleted between the two statements: left out rather than shown half.
    if (!row) return [];
    return [
      {
        id: row.id,
        status: row.status,
        envelopeFrom: row.envelopeFrom,
        subject: row.subject,
        isBounce: row.isBounce,
        recipients: row.recipients.map((recipient) => recipient.address),
        recipientCount: row._count.recipients,
        gatewayLabel: row.deliveryLog[0]?.gatewayLabel ?? null,
        tries: row._count.deliveryLog,
        lastError: row.lastError,
        createdAt: row.createdAt,
        submittedVia: row.submittedVia,
        clientIp: row.clientIp,
      },
    ];
  });
  return { items, nextCursor: selected.length > limit ? encodeMessageCursor(page[page.length - 1]) : null };
}
