import { getDb } from "../../platform/db";

export type SmtpArrivalFields = { submittedVia: string; clientIp: string | null; smtpCredentialId: string | null };

/**
 * How an SMTP-submitted message arrived, for its page: "via SMTP from 192.0.2.1 with Billing app (billing)"; null for
 * the API's messages. The credential is looked up by id (messages keep the id without a foreign key, so a deleted
 * credential reads "a deleted SMTP credential"). Names are admin-written: the caller shows them with revealBidiControls.
 */
export async function describeSmtpArrival({ submittedVia, clientIp, smtpCredentialId }: SmtpArrivalFields): Promise<string | null> {
  if (submittedVia !== "smtp") return null;
  const credential = smtpCredentialId
    ? await getDb().smtpCredential.findUnique({ where: { id: smtpCredentialId }, select: { name: true, username: true } })
    : null;
  const who = credential ? `${credential.name} (${credential.username})` : "a deleted SMTP credential";
  return `via SMTP from ${clientIp ?? "an unknown address"} with ${who}`;
}
