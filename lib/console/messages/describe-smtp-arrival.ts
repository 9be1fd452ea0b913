import { getDb } from "../../platform/db";
import { formatSmtpArrival } from "./format-smtp-arrival";

export type SmtpArrivalFields = { submittedVia: string; clientIp: string | null; smtpCredentialId: string | null };

/**
 * formatSmtpArrival for one message's page, the credential looked up by id (messages keep the id without a foreign
 * key); null for the API's messages.
 */
export async function describeSmtpArrival({ submittedVia, clientIp, smtpCredentialId }: SmtpArrivalFields): Promise<string | null> {
  if (submittedVia !== "smtp") return null;
  const credential = smtpCredentialId
    ? await getDb().smtpCredential.findUnique({ where: { id: smtpCredentialId }, select: { name: true, username: true } })
    : null;
  return formatSmtpArrival(clientIp, credential);
}
