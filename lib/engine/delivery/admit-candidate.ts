import type { RoutableGateway } from "./types";

/** Why a gateway may not take the message now, and when it may again (null: unknown). */
export type GatewayRefusal = { reason: string; until: Date | null };

/**
 * Gateways that failed as a whole (connection, TLS, AUTH, greeting, a suspending answer rule), with the reason; a Map
 * will do. The drain shares one view of them over the claims it has in flight (buildDeliveryContext).
 */
export type FailedGateways = {
  get(gatewayId: string): string | undefined;
  has(gatewayId: string): boolean;
  set(gatewayId: string, reason: string): unknown;
};

/**
 * The parts of deliverMessage's DeliveryContext that decide whether a candidate may be tried (documented there);
 * named here so the two files do not import each other.
 */
export type CandidateGates = {
  failedGateways: Pick<FailedGateways, "get">;
  suspendedGateways?: ReadonlyMap<string, { until: Date; rule: string }>;
  admitGateway?: (gateway: RoutableGateway) => Promise<GatewayRefusal | null> | null;
};

/**
 * Why a candidate is skipped (`reason`, without the gateway's label), and when it may be tried again:
 * `suspendedUntil` when an answer rule suspended it, `refusedUntil` when its sending limit is full (null: unknown).
 * A gateway that failed earlier in the batch has neither: it waits for its cool-down, which the drain knows.
 */
export type CandidateSkip = { reason: string; suspendedUntil?: Date; refusedUntil?: Date | null };

/**
 * Decides whether one candidate gateway may be tried now, in this order: not suspended by an answer rule, not failed
 * earlier in this batch, then `admitGateway`, which reserves a slot of the gateway's sending limits right before the
 * try, so mail that fails over counts against the next gateway too (issue 15). The reservation comes last, so a
 * suspended or failed gateway never takes a slot. Returns null when the gateway may be tried (its slot, if any, is now
 * held), else a CandidateSkip. Rejects only if admitGateway does (the drain's never does).
 */
export async function admitCandidate(gateway: RoutableGateway, gates: CandidateGates): Promise<CandidateSkip | null> {
  const suspension = gates.suspendedGateways?.get(gateway.id);
  if (suspension) return { reason: `suspended until ${suspension.until.toISOString()} (${suspension.rule})`, suspendedUntil: suspension.until };
  const earlier = gates.failedGateways.get(gateway.id);
  if (earlier) return { reason: earlier };
  const refusal = await gates.admitGateway?.(gateway);
  if (refusal) return { reason: refusal.reason, refusedUntil: refusal.until };
  return null;
}
