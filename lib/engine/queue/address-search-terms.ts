import { domainToASCII } from "node:url";

const ASCII = /^[\x00-\x7f]*$/;

/**
 * The forms an address search term (the Messages filter's Sender and Recipient, lower-cased) is looked for in, each
 * as a substring: the term as typed and, when its domain part is written in Unicode, the same term with that part
 * in ASCII (IDNA A-labels, RFC 5891) — the form every stored address's domain has (normaliseMailbox), while a
 * SMTPUTF8 local part is stored as written. The domain part is what follows the last "@", or the whole term when it
 * has none ("bücher" may be a local part or a label, so both forms are searched):
 * "name@bücher.example" → also "name@xn--bcher-kva.example"; "@bücher" → also "@xn--bcher-kva".
 * What cannot be converted: a Unicode label typed only in part is converted as if it were whole, and an A-label is
 * not a substring of a longer label's, so "bücher" finds bücher.example but not bücherei.example (xn--bcherei-n2a);
 * PostgreSQL has no punycode decoder to compare the Unicode forms instead. A domain part that is no valid name
 * (domainToASCII answers "") is searched as typed only.
 */
export function addressSearchTerms(term: string): string[] {
  const at = term.lastIndexOf("@");
  const domain = term.slice(at + 1);
  if (ASCII.test(domain)) return [term];
  const ascii = domainToASCII(domain);
  const converted = `${term.slice(0, at + 1)}${ascii}`;
  return ascii && converted !== term ? [term, converted] : [term];
}
