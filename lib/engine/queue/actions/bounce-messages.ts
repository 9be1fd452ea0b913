import type pg from "pg";
import { getHostName } from "../../../platform/host-name";
import { enqueueMessages, type EnqueueMessageInput } from "../enqueue-messages";
import { getDeliverySettings } from "../get-delivery-settings";
import { prepareBounce } from "../prepare-bounce";
import type { ActionStatement } from "./queue-action-request";
import { readStoredMessageDsn, readStoredRecipientDsn } from "../../../validation/dsn-request";

/** The text recorded on each recipient an admin bounced (the console shows who did it). */
export function bouncedReason(actor: string): string {
  return `Returned to the sender by ${actor} before delivery`;
}

/**
 * What the DSN says instead: the sender learns what happened, not which admin did it (their address is Outgate's
 * business, not the sender's; the audit log keeps it). The leading enhanced code is the DSN's Status (build-dsn.ts):
 * X.0.0, other or undefined status (RFC 3463 §3.1) — none of its codes means "returned by an administrator", and
 * 5.4.7 (delivery time expired) would be untrue.
 */
function bouncedNotice(hostName: string): string {
  return `5.0.0 Returned to the sender by the postmaster of ${hostName} before delivery`;
}

type BouncedRow = {
  id: string;
  envelopeFrom: string;
  senderDomain: string;
  raw: Buffer;
  isBounce: boolean;
  createdAt: Date;
  addresses: string[];
  /** The sender's RFC 3461 request: NOTIFY and ORCPT per failed recipient (as addresses), RET and ENVID. */
  notify: (string | null)[];
  orcpt: (string | null)[];
  dsnRet: string | null;
  dsnEnvid: string | null;
  status: string;
};

/**
 * Bounce now: the pending recipients fail at once and the sender gets one DSN for them (RFC 3464, built like a
 * delivery failure's: lib/engine/queue/prepare-bounce.ts — none for a bounce, the null sender, or when bounces are
 * switched off). The message ends FAILED, or PARTIALLY_DELIVERED when some recipients were delivered before. The
 * DSNs are queued in the caller's transaction, so they exist exactly when the recipients were failed.
 */
export const bounceMessages: ActionStatement = async (client, ids, { actor }) => {
  const reason = bouncedReason(actor);
  const { rows } = await client.query<BouncedRow>(BOUNCE, [ids, reason]);
  if (rows.length === 0) return [];
  const [settings, host] = await Promise.all([getDeliverySettings(), getHostName()]);
  const bounces: EnqueueMessageInput[] = [];
  for (const row of rows) {
    const failed = row.addresses.map((address) => ({ address, smtpCode: null, response: bouncedNotice(host.name) }));
    // The sender's RFC 3461 request counts as for any failure: NOTIFY=NEVER gets no DSN; ENVID and ORCPT come back.
    const asked = {
      ...row,
      dsn: readStoredMessageDsn(row.dsnRet, row.dsnEnvid),
      recipients: row.addresses.map((address, index) => ({ address, dsn: readStoredRecipientDsn(row.notify[index], row.orcpt[index]) })),
    };
    const bounce = await prepareBounce(asked, failed, { gatewayAddress: null }, { bouncesEnabled: settings.bouncesEnabled, reportingMta: host.name });
    if (bounce) bounces.push(bounce);
  }
  await enqueueMessages(bounces, { onlyForHostedDomains: false, client: client as pg.PoolClient });
  return rows.map((row) => row.id);
};

// One statement: fail the pending recipients, then settle each message from its recipients' counts.
const BOUNCE = `
  WITH failed AS (
    UPDATE message_recipients SET status = 'FAILED', smtp_code = NULL, smtp_response = $2, updated_at = now()
     WHERE message_id = ANY($1::uuid[]) AND status = 'PENDING'
       AND message_id IN (SELECT id FROM messages WHERE id = ANY($1::uuid[]) AND status IN ('QUEUED', 'HELD'))
    RETURNING message_id, address, id, dsn_notify, dsn_orcpt
  ), per_message AS (
    SELECT message_id, array_agg(address ORDER BY id) AS addresses, array_agg(dsn_notify ORDER BY id) AS notify,
           array_agg(dsn_orcpt ORDER BY id) AS orcpt
      FROM failed GROUP BY message_id
  ), delivered AS (
    SELECT message_id FROM message_recipients WHERE message_id = ANY($1::uuid[]) AND status = 'DELIVERED' GROUP BY message_id
  )
  UPDATE messages AS m
     SET status = (CASE WHEN d.message_id IS NULL THEN 'FAILED' ELSE 'PARTIALLY_DELIVERED' END)::"MessageStatus",
         completed_at = now(), last_error = $2, lease_token = NULL, lease_until = NULL, pending_action = NULL, updated_at = now()
    FROM per_message AS p LEFT JOIN delivered AS d ON d.message_id = p.message_id
   WHERE m.id = p.message_id AND m.status IN ('QUEUED', 'HELD')
  RETURNING m.id::text AS id, m.envelope_from AS "envelopeFrom", m.sender_domain AS "senderDomain", m.raw,
            m.is_bounce AS "isBounce", m.created_at AS "createdAt", p.addresses, p.notify, p.orcpt,
            m.dsn_ret AS "dsnRet", m.dsn_envid AS "dsnEnvid", m.status::text AS status`;
