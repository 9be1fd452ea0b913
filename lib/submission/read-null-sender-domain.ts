import { AppError } from "../platform/errors";
import { toAsciiHostname } from "../validation/hostname";
import { readHeaderFields } from "./read-header-fields";
import { readAddresses } from "./read-raw-headers";
import { toWireLines } from "./wire-lines";

/**
 * The domain a message sent with the null reverse-path (MAIL FROM:<>) is sent for: its From field's first address
 * (RFC 5322 §3.6.2, the author; a mail server's bounce says MAILER-DAEMON@its-domain, an auto-reply the mailbox that
 * answers), lower-case ASCII (IDNA). The null sender names no domain itself (RFC 5321 §4.5.5), so this one is held to
 * every rule an envelope sender's domain is — hosted here, allowed for the submitter — and routes the message; the
 * message's other sender identities are checked against the submitter as ever (checkSenderIdentities).
 * Throws AppError `forbidden` (SMTP 550 5.7.1) when there is no From field or its first address has no domain name,
 * and the hygiene errors of readHeaderFields for a header that is not one.
 */
export function readNullSenderDomain(data: Buffer): string {
  const from = readHeaderFields(toWireLines(data)).find((field) => field.name === "from");
  const address = from ? readAddresses(from.value, "mailbox-list")?.[0] : undefined;
  const domain = address ? toAsciiHostname(address.slice(address.lastIndexOf("@") + 1)) : null;
  if (!domain) {
    throw new AppError(
      "forbidden",
      "A message sent with the null sender (MAIL FROM:<>) must name a hosted domain in its From header field (RFC 5322 section 3.6.2); this one does not.",
    );
  }
  return domain;
}
