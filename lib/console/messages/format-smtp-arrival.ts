/** The credential (or IP-relay entry) an SMTP message came with, as stored now; null once it has been deleted. */
export type SmtpArrivalCredential = { name: string; username: string } | null;

/**
 * How an SMTP-submitted message arrived, in words: "via SMTP from 192.0.2.1 with Billing app (billing)"; a deleted
 * credential reads "a deleted SMTP credential". One wording for the Messages grid and the message's page. Names are
 * admin-written: the caller shows them with revealBidiControls.
 */
export function formatSmtpArrival(clientIp: string | null, credential: SmtpArrivalCredential): string {
  const who = credential ? `${credential.name} (${credential.username})` : "a deleted SMTP credential";
  return `via SMTP from ${clientIp ?? "an unknown address"} with ${who}`;
}
