import type { RoutingGateway } from "./choose-gateways";
import { freeAtOf, type RateDemand, type RateRoom } from "./reserve-rate-slots";
import { gatewaySubject, type RateLimit } from "./rate-limits";

/**
 * One message to fit: its candidate gateways in order, its sender domain's Delay limit (if any), and `wait`, the
 * reason it must wait with no gateway at all (its Specific Domains gateway is draining and it may not fail over).
 */
export type RouteRequest = { gateways: RoutingGateway[]; domain: { subject: string; limits: RateLimit[] } | null; wait?: string };

/**
 * What a message does now: `send` through `gateways` (the first holds a reserved slot in each of `reserved`),
 * or `hold` — given back unsent until `until`, because every gateway it may use (or its domain) is at its limit,
 * or it has no gateway at all (a draining Specific Domains gateway without failover). `reasons` say why, in order.
 */
export type FittedRoute =
  | { kind: "send"; gateways: RoutingGateway[]; reserved: string[]; reasons: string[] }
  | { kind: "hold"; until: Date | null; reasons: string[] };

/** The limits a batch of requests touches, each subject once: what reserveRateSlots locks. */
export function rateDemandsOf(requests: RouteRequest[]): RateDemand[] {
  const demands = new Map<string, RateDemand>();
  for (const { gateways, domain } of requests) {
    if (domain && domain.limits.length > 0) demands.set(domain.subject, { subject: domain.subject, limits: domain.limits });
    for (const gateway of gateways) {
      if (gateway.limits && gateway.limits.length > 0) demands.set(gatewaySubject(gateway.id), { subject: gatewaySubject(gateway.id), limits: gateway.limits });
    }
  }
  return [...demands.values()];
}

/**
 * Fits each message's route to the room left in the limits (pure; reserveRateSlots calls it under the row locks).
 * In message order: a domain at its limit holds its message; otherwise the message goes to the first gateway of
 * its route with room — a limited gateway that is full is skipped, so round-robin mail overflows to the next in
 * the ring and a Specific Domains gateway's mail overflows to round robin only when its route has round robin
 * (the domain's failover setting). With no gateway left the message holds until the first full window ends.
 * Full limited gateways also leave the later, failover positions of the route (they may not be used unreserved).
 * Returns each message's fate and the slots taken per subject.
 */
export function fitRoutesToLimits(requests: RouteRequest[], rooms: Map<string, RateRoom>): { result: FittedRoute[]; taken: Map<string, number> } {
  const left = new Map([...rooms].map(([subject, room]) => [subject, room.room]));
  const taken = new Map<string, number>();
  const take = (subject: string) => {
    left.set(subject, (left.get(subject) ?? 0) - 1);
    taken.set(subject, (taken.get(subject) ?? 0) + 1);
  };
  const hasRoom = (subject: string) => !left.has(subject) || (left.get(subject) ?? 0) > 0;
  // A window this batch filled ends like one that was full before it.
  const freeAt = (subject: string) => {
    const room = rooms.get(subject);
    return room ? freeAtOf(room, taken.get(subject) ?? 0) : null;
  };

  const result = requests.map(({ gateways, domain, wait }): FittedRoute => {
    if (wait) return { kind: "hold", until: null, reasons: [wait] };
    const domainSubject = domain && domain.limits.length > 0 ? domain.subject : null;
    if (domainSubject && !hasRoom(domainSubject)) {
      return { kind: "hold", until: freeAt(domainSubject), reasons: ["The sender domain reached its sending limit (Delay): held until its window has room."] };
    }
    const reasons: string[] = [];
    const full: RoutingGateway[] = [];
    const usable = gateways.filter((gateway) => {
      if (!gateway.limits?.length || hasRoom(gatewaySubject(gateway.id))) return true;
      full.push(gateway);
      reasons.push(`${gateway.description} is at its limit${describeUse(rooms.get(gatewaySubject(gateway.id)), taken.get(gatewaySubject(gateway.id)) ?? 0)}: skipped.`);
      return false;
    });
    // No gateway at all (none enabled): delivery records the attempt as "No usable gateway", as it always has.
    if (gateways.length === 0) return { kind: "send", gateways: [], reserved: [], reasons: ["No enabled gateway routes this mail."] };
    if (usable.length === 0) {
      const until = earliest(full.map((gateway) => freeAt(gatewaySubject(gateway.id))));
      return { kind: "hold", until, reasons: [...reasons, "Every gateway of the route is at its limit: held until a window has room."] };
    }
    const reserved: string[] = [];
    const first = usable[0];
    if (first.limits?.length) {
      take(gatewaySubject(first.id));
      reserved.push(gatewaySubject(first.id));
    }
    if (domainSubject) {
      take(domainSubject);
      reserved.push(domainSubject);
    }
    reasons.push(`${first.description} takes it.`);
    return { kind: "send", gateways: usable, reserved, reasons };
  });
  return { result, taken };
}

/** " (10 / 10 per 60 s)": the first window of `room` that `extra` more slots fill; "" when none is full. */
export function describeUse(room: RateRoom | undefined, extra: number): string {
  const window = room?.used.find((use) => use.used + extra >= use.limit);
  return window ? ` (${window.used + extra} / ${window.limit} per ${window.windowSeconds} s)` : "";
}

function earliest(dates: (Date | null)[]): Date | null {
  const known = dates.filter((date): date is Date => date !== null);
  return known.length === 0 ? null : new Date(Math.min(...known.map((date) => date.getTime())));
}
