import { getDb } from "../../platform/db";
import type { Prisma } from "../../generated/prisma/client";
import { isUuid } from "../../validation/uuid";

const DETAIL_SELECT = {
  id: true,
  apiKeyId: true,
  messageId: true,
  envelopeFrom: true,
  senderDomain: true,
  subject: true,
  size: true,
  isBounce: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  /** The end of a worker's lease: while it runs, the message is being delivered. */
  leaseUntil: true,
  lastError: true,
  createdAt: true,
  updatedAt: true,
  completedAt: true,
  holdReason: true,
  heldAt: true,
  heldBy: true,
  pendingAction: true,
  pinnedGatewayId: true,
  /** Move to gateway: tried first, the usual route as failover (issue 14). */
  movedToGatewayId: true,
  /** How it arrived (issue 16): "smtp" messages name the client's address and credential. */
  submittedVia: true,
  clientIp: true,
  smtpCredentialId: true,
  /** The sender's RFC 3461 DSN request (RET, ENVID; NOTIFY and ORCPT per recipient). */
  dsnRet: true,
  dsnEnvid: true,
  /** A DSN's original, and an original's DSNs, so each page links to the other. */
  bounceOfId: true,
  bounces: { select: { id: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
  apiKey: { select: { id: true, name: true, prefix: true } },
  recipients: {
    select: { id: true, address: true, status: true, smtpCode: true, smtpResponse: true, updatedAt: true, dsnNotify: true, dsnOrcpt: true },
    orderBy: { id: "asc" },
  },
  deliveryLog: {
    select: { id: true, gatewayLabel: true, recipients: true, outcome: true, smtpCode: true, response: true, startedAt: true, durationMs: true, ruleFired: true },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
  },
} satisfies Prisma.MessageSelect;


/**
 * One message with its recipients and every delivery attempt (never the raw bytes). With `apiKeyId`, only
 * a message that key submitted: another key's message reads as missing. null when there is none.
 */
export async function getMessageDetail(id: string, { apiKeyId }: { apiKeyId?: string } = {}) {
  // Not a uuid = no such message (and no database error for a malformed id).
  if (!isUuid(id)) return null;
  return getDb().message.findFirst({ where: { id, ...(apiKeyId ? { apiKeyId } : {}) }, select: DETAIL_SELECT });
}

export type MessageDetail = NonNullable<Awaited<ReturnType<typeof getMessageDetail>>>;
