/**
 * What a client may put in a message's header section, per field, for both submission modes: the one place the
 * sender-scope check (lib/submission/check-sender-identities.ts) and compose's custom-header check (submit-message.ts)
 * read. docs/ARCHITECTURE.md ("Who a message says it is from") explains each choice. Names are lower case.
 */

/**
 * Fields that say who sent the message: every address in them must be at a domain the API key may send for (and
 * hosted here), as MAIL FROM must — a receiver and its reader take any of them as the sender (RFC 5322 §3.6.2,
 * §3.6.6; DMARC aligns on From). Reply-To is not one: it says where answers go, not who wrote or sent the message,
 * so it may name any address (a support desk, a ticket system).
 */
export const SENDER_IDENTITY_FIELDS: ReadonlyMap<string, string> = new Map([
  ["from", "From"],
  ["sender", "Sender"],
  ["resent-from", "Resent-From"],
  ["resent-sender", "Resent-Sender"],
]);

/**
 * Fields a relay never takes from a client: they record what servers did to the message or what they verified, so
 * one written by the client would be a claim no server made. A raw message holding one is refused (422, naming the
 * field), never silently changed: RFC 5321 §4.4 forbids deleting a Received field, and a client whose message is
 * refused learns it, where one whose fields vanish does not. Each entry is the reason given to the client.
 */
export const CLIENT_REFUSED_FIELDS: ReadonlyMap<string, { name: string; reason: string }> = new Map([
  ["received", { name: "Received", reason: "trace fields are added by each server a message passes through, about itself (RFC 5321 §4.4)" }],
  ["return-path", { name: "Return-Path", reason: "the delivering server adds it from the envelope sender (RFC 5321 §4.4), which is MAIL FROM over SMTP and envelope.from in the API" }],
  [
    "authentication-results",
    { name: "Authentication-Results", reason: "only a receiving server's own verification results belong in one, and receivers remove others (RFC 8601 §5)" },
  ],
  ...["ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results"].map(
    (name) => [name.toLowerCase(), { name, reason: "ARC sets are added by intermediaries that verified the message on its way (RFC 8617 §4, §5.1)" }] as const,
  ),
]);

/**
 * The refused fields a mail server relaying over SMTP may hand on: its own and earlier servers' Received fields
 * (RFC 5321 §4.4: a relay adds its trace field on top and never removes one), and the Authentication-Results and ARC
 * set a forwarding server adds (RFC 8617 §5.1, ARC exists for exactly that hop). Return-Path stays refused: only the
 * delivering server writes it. Applications on the HTTP API have no upstream, so they may send none of these.
 */
export const RELAYED_TRACE_FIELDS: ReadonlySet<string> = new Set([
  "received",
  "authentication-results",
  "arc-seal",
  "arc-message-signature",
  "arc-authentication-results",
]);

/**
 * DKIM-Signature: the client's own signature is kept in a raw message when its d= domain is one the key may send for
 * (the client signs its own mail, RFC 6376 §3.5); any other d= is refused, since it vouches for a domain the key does
 * not cover (a replayed signature). A composed message cannot carry one: the client never sees the bytes it would sign.
 */
export const DKIM_SIGNATURE_FIELD = "dkim-signature";

/**
 * Fields the composer writes from the message's own fields, or that would break the MIME structure or hide
 * recipients; Resent-* fields describe resending a message (RFC 5322 §3.6.6), which is raw mode's job.
 */
const COMPOSER_FIELDS = new Set([
  "to",
  "cc",
  "bcc",
  "reply-to",
  "subject",
  "date",
  "message-id",
  "mime-version",
  "content-type",
  "content-transfer-encoding",
  "content-disposition",
  "content-id",
]);

/**
 * Why compose mode refuses this custom header name (any case), or null when it may be set. From and Sender are the
 * message's `from`; trace, authentication and signature fields are never a client's; Resent-* needs raw mode.
 */
export function customHeaderProblem(name: string): string | null {
  const lower = name.toLowerCase();
  const refused = CLIENT_REFUSED_FIELDS.get(lower);
  if (refused) return `${name} is never taken from a client: ${refused.reason}.`;
  if (lower === DKIM_SIGNATURE_FIELD) return `${name} cannot be set on a composed message: Outgate writes its bytes, so no client signature would verify.`;
  if (lower.startsWith("resent-")) return `${name} belongs to a resent message (RFC 5322 §3.6.6); send the message in raw mode instead.`;
  if (SENDER_IDENTITY_FIELDS.has(lower) || COMPOSER_FIELDS.has(lower)) {
    return `${name} is set by Outgate; use the message's own fields instead of a custom header.`;
  }
  return null;
}
