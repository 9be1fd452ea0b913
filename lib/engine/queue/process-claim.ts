import { createSlotGiveBack, reservationsOf } from "../routing/give-back-unused-slots";
import type { RoutingTable } from "../routing/choose-gateways";
import { createFailoverReserver } from "../routing/reserve-failover-slots";
import { routeClaim, type RoutedClaim } from "../routing/route-claim";
import type { RulesInForce } from "../rules/load-answer-rules";
import { buildDeliveryContext } from "./build-delivery-context";
import type { Claim } from "./claim-messages";
import type { ClaimShared, Recorded } from "./claim-shared";
import { createGiveBack } from "./give-back-messages";
import { createGroupRecorder } from "./create-group-recorder";
import { DEFAULT_GATEWAY_WAIT_MS, RECORD_GATHER_MS } from "./drain-options";
import { holdClaimedMessages } from "./hold-claimed-messages";
import { createClaimRecorder, type Outcome } from "./record-claim-outcomes";
import { sendClaimedMessage } from "./send-claimed-message";

/**
 * Routes, sends and records one claim. Routing takes the round-robin turns (weighted) and the limit slots for the
 * whole claim: two round trips, not two per message. Messages routing holds go back unsent (holdClaimedMessages);
 * every other message is sent on its own (sendClaimedMessage) and recorded with whatever else of the claim finished
 * by then (createGroupRecorder), so a slow gateway holds only its own messages. Unused limit slots go back at the
 * end. `onRecorded` hears of every message the claim no longer holds. Rejects with the first error after every
 * message was settled.
 */
export async function processClaim(claim: Claim, shared: ClaimShared, onRecorded: (counts: Recorded) => void): Promise<void> {
  const { messages, leaseToken } = claim;
  const { routing, options } = shared;
  let routed: RoutedClaim;
  let table: RoutingTable;
  let rules: RulesInForce;
  try {
    const senderDomains = messages.map((message) => message.senderDomain);
    [table, rules] = await Promise.all([routing.load(senderDomains), shared.rules.load()]);
    routed = await routeClaim(messages, table);
  } catch (error) {
    // Nothing was sent: the messages come back when their lease runs out.
    onRecorded({ released: messages.length, delivered: 0, deferred: 0, failed: 0 });
    throw error;
  }

  const context = await buildDeliveryContext(routing, shared.rules, rules, options, shared.gatewayFailures);
  const record = createClaimRecorder({ leaseToken, table, routing }, shared, onRecorded);
  const recorder = createGroupRecorder<Outcome>({ expected: messages.length, gatherMs: RECORD_GATHER_MS, record });
  const gatewayWaitMs = options.gatewayWaitMs ?? DEFAULT_GATEWAY_WAIT_MS;
  const slots = createSlotGiveBack(options.workerId);
  const sends = {
    shared,
    context,
    recorder,
    giveBack: createGiveBack(leaseToken, gatewayWaitMs, options.workerId),
    gatewayWaitMs,
    slots,
    reserveFailover: createFailoverReserver(),
    onRecorded,
  };
  const held = holdClaimedMessages(leaseToken, messages, routed, options.workerId).then((count) => {
    for (let index = 0; index < count; index += 1) recorder.skip();
    if (count > 0) onRecorded({ released: count, delivered: 0, deferred: 0, failed: 0 });
  });
  const sent = messages.map(async (message, index) => {
    const fitted = routed.routes[index];
    if (fitted.kind === "hold") return;
    await sendClaimedMessage(message, fitted.gateways, reservationsOf(fitted.reserved, routed.windows), sends);
  });
  const results = await Promise.allSettled([held, ...sent, recorder.settled()]);
  await slots.flush();
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
}
