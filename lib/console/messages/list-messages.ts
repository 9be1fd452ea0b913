import { getDb } from "../../platform/db";
import type { MessageStatus } from "../../generated/prisma/enums";

export const MESSAGE_STATUSES = ["QUEUED", "DELIVERED", "PARTIALLY_DELIVERED", "FAILED"] as const satisfies readonly MessageStatus[];
export const MESSAGE_PAGE_SIZE = 50;
const RECIPIENTS_SHOWN = 3;

export type ListMessagesOptions = {
  status?: MessageStatus;
  /** Cursor: the id of the last message of the previous page; this page continues with older ones. */
  before?: string;
  limit?: number;
};

export type MessageListItem = {
  id: string;
  status: MessageStatus;
  envelopeFrom: string;
  subject: string | null;
  recipients: string[];
  recipientCount: number;
  /** The gateway of the latest attempt, as it was labelled then. */
  gatewayLabel: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The newest messages first (createdAt, then id, so equal timestamps still page in a stable order), never
 * the raw bytes. `nextBefore` is the cursor for the "older" page, or null on the last page.
 */
export async function listMessages({ status, before, limit = MESSAGE_PAGE_SIZE }: ListMessagesOptions = {}) {
  const cursorRow = before && UUID.test(before) ? await getDb().message.findUnique({ where: { id: before }, select: { id: true, createdAt: true } }) : null;
  const rows = await getDb().message.findMany({
    where: {
      ...(status ? { status } : {}),
      ...(cursorRow
        ? { OR: [{ createdAt: { lt: cursorRow.createdAt } }, { createdAt: cursorRow.createdAt, id: { lt: cursorRow.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      status: true,
      envelopeFrom: true,
      subject: true,
      attempts: true,
      lastError: true,
      createdAt: true,
      recipients: { select: { address: true }, orderBy: { id: "asc" }, take: RECIPIENTS_SHOWN },
      _count: { select: { recipients: true } },
      deliveryLog: { select: { gatewayLabel: true }, orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: 1 },
    },
  });
  const page = rows.slice(0, limit);
  const items: MessageListItem[] = page.map((row) => ({
    id: row.id,
    status: row.status,
    envelopeFrom: row.envelopeFrom,
    subject: row.subject,
    recipients: row.recipients.map((recipient) => recipient.address),
    recipientCount: row._count.recipients,
    gatewayLabel: row.deliveryLog[0]?.gatewayLabel ?? null,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt,
  }));
  return { items, nextBefore: rows.length > limit ? page[page.length - 1].id : null };
}

/** A status from a query string, or undefined when absent or unknown. */
export function parseMessageStatus(value: string | string[] | undefined): MessageStatus | undefined {
  const upper = typeof value === "string" ? value.toUpperCase() : "";
  return (MESSAGE_STATUSES as readonly string[]).includes(upper) ? (upper as MessageStatus) : undefined;
}
