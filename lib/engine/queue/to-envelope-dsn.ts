import type { EnvelopeDsn, RecipientDsn } from "../../validation/dsn-request";
import type { ClaimedMessage } from "./claim-messages";

/**
 * The claimed message's RFC 3461 request as the relay passes it on (RET/ENVID, NOTIFY/ORCPT by address); undefined
 * when the sender asked nothing (API mail, DSNs), so the usual path builds nothing.
 */
export function toEnvelopeDsn(message: Pick<ClaimedMessage, "dsn" | "recipients">): EnvelopeDsn | undefined {
  let recipients: Map<string, RecipientDsn> | null = null;
  for (const recipient of message.recipients) {
    if (recipient.dsn) (recipients ??= new Map()).set(recipient.address, recipient.dsn);
  }
  if (!message.dsn && !recipients) return undefined;
  return { message: message.dsn ?? null, recipients: recipients ?? new Map() };
}
