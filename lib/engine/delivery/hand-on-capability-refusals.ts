import type { GatewaySendResult, RecipientResult } from "./types";

/**
 * hand on: `carried` (addresses) go to the next gateway of the route; `taken` were settled by this one; `refusal` is the
 * first carried recipient's refusal, for the report's problems. settle: nothing goes on, and `result` is the answer
 * that stands.
 */
export type CapabilityHandOn =
  | { handOn: true; carried: string[]; taken: RecipientResult[]; refusal: string }
  | { handOn: false; result: GatewaySendResult };

/**
 * What becomes of the recipients a healthy gateway cannot take because its EHLO lacks what the message needs
 * (SMTPUTF8, 8BITMIME, SIZE: RecipientResult.cannotTake, issue 11). With a `laterGateway` in the route they are handed
 * on to it; they were never sent here, so the next gateway cannot make a second copy, and the gateway is not cooled
 * down. At the last gateway they fail with the refusal only when every gateway of the route was asked; when one was
 * skipped or failed as a whole (`unasked`), it might take them, so they are deferred (no failover) and wait for a
 * later attempt. A result without such recipients stands as it is. Pure; never throws.
 */
export function handOnCapabilityRefusals(result: GatewaySendResult, route: { laterGateway: boolean; unasked: boolean }): CapabilityHandOn {
  const carried = result.recipients.filter((recipient) => recipient.cannotTake);
  if (carried.length > 0 && route.laterGateway) {
    const taken = result.recipients.filter((recipient) => !recipient.cannotTake);
    return { handOn: true, carried: carried.map((recipient) => recipient.recipient), taken, refusal: carried[0].response };
  }
  if (carried.length > 0 && route.unasked) {
    return {
      handOn: false,
      result: { ...result, failure: null, recipients: result.recipients.map((recipient) => (recipient.cannotTake ? { ...recipient, status: "deferred" as const, failover: false } : recipient)) },
    };
  }
  return { handOn: false, result };
}
