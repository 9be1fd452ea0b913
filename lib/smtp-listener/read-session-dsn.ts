import type { SMTPServerSession } from "smtp-server";
import type { DsnNotify, DsnReturn, MessageDsn, RecipientDsn } from "../validation/dsn-request";

/**
 * The transaction's DSN request (RFC 3461) as smtp-server kept it: RET and ENVID from MAIL FROM, NOTIFY and ORCPT per
 * recipient, decoded (OutgateSmtpConnection refused malformed xtext before smtp-server decoded it). `recipients` are the
 * distinct addresses in order; a recipient given twice keeps its last RCPT's parameters, as smtp-server keeps its entry.
 */
export function readSessionDsn(
  envelope: SMTPServerSession["envelope"],
  recipients: string[],
): { dsn: MessageDsn | null; recipientDsn: (RecipientDsn | null)[] } {
  const ret = envelope.dsn?.ret ? (envelope.dsn.ret.toUpperCase() as DsnReturn) : null;
  const envid = envelope.dsn?.envid ?? null;
  const byAddress = new Map<string, RecipientDsn | null>();
  for (const rcpt of envelope.rcptTo) {
    const notify = rcpt.dsn?.notify?.length ? (rcpt.dsn.notify.map((keyword) => keyword.toUpperCase()) as DsnNotify[]) : null;
    const orcpt = rcpt.dsn?.orcpt ?? null;
    byAddress.set(rcpt.address, notify || orcpt ? { notify, orcpt } : null);
  }
  return {
    dsn: ret || envid !== null ? { ret, envid } : null,
    recipientDsn: recipients.map((address) => byAddress.get(address) ?? null),
  };
}
