import { describeSmtpArrival, type SmtpArrivalFields } from "@/lib/console/messages/describe-smtp-arrival";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";

/** The summary's "Submitted" value for an SMTP message: client address and credential (a server component). */
export async function SmtpArrival({ message }: { message: SmtpArrivalFields }) {
  const text = await describeSmtpArrival(message);
  return <span data-testid="message-smtp-arrival">{text ? revealBidiControls(text) : "through the API"}</span>;
}
