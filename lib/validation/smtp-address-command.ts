export type AddressCommand = { path: string; parameters: Map<string, string | true> };

export type AddressCommandProblem = { problem: "command" } | { problem: "path" } | { problem: "quote" } | { problem: "parameter"; parameter: string };

/**
 * A MAIL FROM or RCPT TO line: its path as sent and its ESMTP parameters by upper-case keyword, values as sent (still
 * xtext); or what is wrong with its shape, so the reply can say it (not "unsupported parameter MAIL"):
 * - "command": not "MAIL FROM:" / "RCPT TO:" (no colon, a word missing or doubled; RFC 5321 §4.1.1.2, §4.1.1.3);
 * - "path": what follows the colon is not a path in angle brackets, e.g. a bare address (§4.1.2 Reverse-path and
 *   Forward-path are "<" Mailbox ">");
 * - "quote": a quoted string in the path is not closed (a stray or missing '"'), so no ">" ends it;
 * - "parameter": a word after the path that is no esmtp-keyword["=" esmtp-value] (§4.1.2).
 * A local part may be a Quoted-string (§4.1.2), which may hold spaces, "@", "<" and ">", and "\" before any printable
 * character: the path ends at the first ">" outside one. Whether the mailbox itself is valid is normaliseMailbox's.
 * Like smtp-server, which reads the line after this, the words are case-insensitive (§2.4) and a space after the colon
 * is accepted, as Postfix does by default (strict_rfc821_envelopes = no): old devices send one, the path is plain.
 */
export function readAddressCommand(verb: "MAIL FROM" | "RCPT TO", line: string): AddressCommand | AddressCommandProblem {
  const colon = line.indexOf(":");
  if (colon === -1 || line.slice(0, colon).trim().toUpperCase() !== verb) return { problem: "command" };
  const rest = line.slice(colon + 1).trim();
  const pathEnd = findPathEnd(rest);
  if (pathEnd === "open quote") return { problem: "quote" };
  // A path must be followed by the line's end or a space before the first parameter ("<a@example.com>x" is no path).
  if (pathEnd === -1 || (pathEnd + 1 < rest.length && !/\s/.test(rest[pathEnd + 1]))) return { problem: "path" };
  const words = rest.slice(pathEnd + 1).trim().split(/\s+/).filter((word) => word !== "");
  const parameters = new Map<string, string | true>();
  for (const word of words) {
    const equals = word.indexOf("=");
    const keyword = equals === -1 ? word : word.slice(0, equals);
    if (!ESMTP_KEYWORD.test(keyword)) return { problem: "parameter", parameter: word };
    parameters.set(keyword.toUpperCase(), equals === -1 ? true : word.slice(equals + 1));
  }
  return { path: rest.slice(0, pathEnd + 1), parameters };
}

/**
 * The index of the ">" that closes the path `text` starts with; -1 when there is none (no "<" first, a "<" out of
 * place, no ">"); "open quote" when a quoted string (RFC 5321 §4.1.2 Quoted-string: '"' ... '"', a "\" quoting the
 * next character) runs to the end of the line, so the ">" meant to close the path is inside it.
 */
function findPathEnd(text: string): number | "open quote" {
  if (text[0] !== "<") return -1;
  let quoted = false;
  for (let index = 1; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === "\\") index++;
      else if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ">") return index;
    else if (char === "<") return -1;
  }
  return quoted ? "open quote" : -1;
}

/** esmtp-keyword (RFC 5321 §4.1.2). */
const ESMTP_KEYWORD = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
