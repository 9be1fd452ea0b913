import type { GatewayRefusal } from "../delivery/admit-candidate";
import { deliverMessage, type DeliveryContext } from "../delivery/deliver-message";
import type { RoutableGateway } from "../delivery/types";
import type { RoutingGateway } from "../routing/choose-gateways";
import type { SlotGiveBack, SlotReservation } from "../routing/give-back-unused-slots";
import type { FailoverAdmission } from "../routing/reserve-failover-slots";
import type { ClaimedMessage } from "./claim-messages";
import { gatewayLimit, type ClaimShared, type Recorded } from "./claim-shared";
import type { GroupRecorder } from "./create-group-recorder";
import { LimiterWaitTimeout } from "./create-limiter";
import type { Outcome } from "./record-claim-outcomes";
import { toEnvelopeDsn } from "./to-envelope-dsn";

/** What the sends of one claim share: the delivery context, where outcomes go, and the claim's slot ledger. */
export type ClaimSends = {
  shared: ClaimShared;
  context: DeliveryContext;
  recorder: GroupRecorder<Outcome>;
  /** Gives a message back to the queue unsent (its gateway had no free place within `gatewayWaitMs`). */
  giveBack: (id: string, gatewayId: string | undefined) => Promise<void>;
  gatewayWaitMs: number;
  slots: SlotGiveBack;
  /** Reserves a slot of a limited gateway the message fails over to (createFailoverReserver). */
  reserveFailover: (gateway: RoutingGateway) => Promise<FailoverAdmission>;
  onRecorded: (counts: Recorded) => void;
};

/**
 * Sends one claimed message through its route (`route[0]` first, failing over along the rest) and hands the outcome
 * to the claim's recorder. The gateway's own place first, then a shared one: mail waiting for a busy gateway holds
 * no shared place; a message that found no place at its gateway within `gatewayWaitMs` goes back unsent. Every
 * gateway it is sent through counts against that gateway's limits (issue 15): route[0]'s slot came with the claim
 * (`reserved`), a limited gateway it fails over to is reserved right before it is tried, and one without room is
 * skipped (admitGateway). The slots of gateways that did not take it go back with the claim's ledger. Rejects only if
 * deliverMessage threw (it never does; the message then comes back after its lease).
 */
export async function sendClaimedMessage(message: ClaimedMessage, route: RoutingGateway[], reserved: SlotReservation[], claim: ClaimSends): Promise<void> {
  const { shared, context, recorder, slots, onRecorded } = claim;
  const held = [...reserved];
  const admitGateway = (gateway: RoutableGateway): Promise<GatewayRefusal | null> | null => {
    // route[0]'s slot was reserved with the claim (routeClaim).
    if (gateway.id === route[0]?.id) return null;
    const limited = route.find((candidate) => candidate.id === gateway.id);
    if (!limited?.limits?.length) return null;
    return claim.reserveFailover(limited).then((admission) => {
      if (!admission.ok) return { reason: admission.reason, until: admission.until };
      held.push(admission.slot);
      return null;
    });
  };
  const deliver = () =>
    shared.send(() =>
      deliverMessage(
        { id: message.id, messageId: message.messageId, envelopeFrom: message.envelopeFrom, raw: message.raw, recipients: message.recipients.map((r) => r.address), dsn: toEnvelopeDsn(message) },
        route,
        { ...context, admitGateway },
      ),
    );
  const own = gatewayLimit(route[0], shared);
  try {
    const report = await (own ? own(deliver, { maxWaitMs: claim.gatewayWaitMs }) : deliver());
    // Slots of gateways that did not take it (failed over, or nothing answered) go back; a gateway that took some
    // recipients and passed the rest on for a capability it lacks (a PARTIAL attempt before the last) used its slot.
    const alsoSentBy = report.attempts.flatMap((attempt) => (attempt.outcome === "PARTIAL" && attempt.gatewayId && attempt.gatewayId !== report.gatewayId ? [attempt.gatewayId] : []));
    slots.settle(held, report.gatewayId, alsoSentBy);
    recorder.add({ message, report });
  } catch (error) {
    slots.settle(held, null);
    if (error instanceof LimiterWaitTimeout) {
      // Its gateway is busy: unsent, it no longer holds a place this worker could use for other gateways' mail.
      recorder.skip();
      await claim.giveBack(message.id, route[0]?.id);
      onRecorded({ released: 1, delivered: 0, deferred: 0, failed: 0 });
      return;
    }
    // deliverMessage never throws; if it did, the message is not recorded and comes back after its lease.
    recorder.skip();
    onRecorded({ released: 1, delivered: 0, deferred: 0, failed: 0 });
    throw error;
  }
}
