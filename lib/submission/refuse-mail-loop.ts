import { AppError } from "../platform/errors";
import type { HeaderField } from "./read-header-fields";

/**
 * RFC 5321 §6.3: counting Received fields is an effective way to detect loops, and a server that does so "SHOULD use
 * a large rejection threshold, normally at least 100 Received entries" (Postfix's hopcount_limit is 50).
 */
export const MAX_RECEIVED_FIELDS = 100;

/**
 * How many times a message may already have passed through this Outgate (its own Received fields, `by <name>
 * (Outgate)`) before it is taken as a loop — a gateway that leads back to Outgate's own listener, or a smarthost
 * that routes the domain back here. A message can rightly pass again a time or two (a mailing list or a forward
 * behind a gateway sends it out through Outgate once more); five times is a loop, found after five copies instead of
 * the hundred the overall count would allow.
 */
export const MAX_OWN_RECEIVED_FIELDS = 5;

/** A message refused as a mail loop: SMTP answers it 554 5.4.6 ("Routing loop detected", RFC 3463). */
export class MailLoopError extends AppError {
  constructor(message: string) {
    super("unprocessable", message);
    this.name = "MailLoopError";
  }
}

/**
 * Throws MailLoopError when a relayed message (its header fields, unfolded: readHeaderFields) carries
 * MAX_RECEIVED_FIELDS Received fields or more, or MAX_OWN_RECEIVED_FIELDS of Outgate's own or more (`ownName`: the
 * `by` name of the field formatReceived writes). Returns nothing otherwise.
 */
export function refuseMailLoop(fields: readonly HeaderField[], ownName: string): void {
  const received = fields.filter((field) => field.name === "received");
  if (received.length >= MAX_RECEIVED_FIELDS) {
    throw new MailLoopError(`Too many hops: the message already has ${received.length} Received fields (a mail loop?); the limit is ${MAX_RECEIVED_FIELDS - 1} (RFC 5321 §6.3).`);
  }
  const ownBy = ` by ${ownName.toLowerCase()} (outgate)`;
  const own = received.filter((field) => ` ${field.value}`.replace(/\s+/g, " ").toLowerCase().includes(ownBy)).length;
  if (own >= MAX_OWN_RECEIVED_FIELDS) {
    throw new MailLoopError(`Mail loop: the message has already passed through this Outgate (${ownName}) ${own} times; check that no gateway leads back here.`);
  }
}
