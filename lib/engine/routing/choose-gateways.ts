import type { RoutableGateway } from "../delivery/types";
import type { RateLimit } from "./rate-limits";
import { weightedRing } from "./weighted-ring";

/** A hosted domain as routing needs it; `limits` are its Delay sending limits (Reject ones act at submission). */
export type RoutingDomain = { id?: string; gatewayId: string | null; failoverToRoundRobin: boolean; limits?: RateLimit[] };

/** A gateway as routing sees it: its round-robin weight (1 when absent) and its limits ([] or absent: unlimited). */
export type RoutingGateway = RoutableGateway & { weight?: number; limits?: RateLimit[] };

export type RoutingTable = {
  /** Enabled, not draining gateways only, ordered by id so every worker sees the same round-robin ring. */
  gateways: RoutingGateway[];
  /** Gateways in drain mode (issue 14): never routed to; mail pinned to one follows its domain's failover setting. */
  drainingIds?: ReadonlySet<string>;
  /** Hosted domains by lower-case ASCII name. */
  domains: Map<string, RoutingDomain>;
  /** Reorders the rotated round-robin ring (least-spool balancing); ties must keep the ring order. */
  orderRing?: <T extends { id: string }>(ring: readonly T[]) => T[];
};

/** Which kind of route a sender domain takes, and why in words (route explain shows `reason`). */
export type Route = { specific: RoutingGateway | null; roundRobin: boolean; reason: string };

/**
 * Which kind of route a sender domain takes. A domain pinned to an enabled Specific Domains gateway goes there
 * (and on to round robin only when the domain allows it). A pin to a draining gateway follows the domain's
 * failover setting: round robin when allowed, otherwise no route (the mail waits, unsent, until the gateway is
 * enabled again). A pin to a disabled or deleted gateway would strand the mail, so such a domain — like any
 * unhosted one — uses round robin. `dsn`: Outgate's own DSN (the null sender) to that domain's sender is not the
 * domain's outgoing mail: it takes the domain's gateway first and then round robin whatever the failover setting, so
 * a dead pinned gateway never strands the notice (issue 11).
 */
export function routeFor(senderDomain: string, table: RoutingTable, dsn = false): Route {
  const domain = table.domains.get(senderDomain.toLowerCase());
  if (!domain?.gatewayId) return { specific: null, roundRobin: true, reason: domain ? "The domain uses round robin." : "Not a hosted domain: round robin." };
  if (table.drainingIds?.has(domain.gatewayId)) {
    if (dsn) return { specific: null, roundRobin: true, reason: "Outgate's DSN: the domain's gateway is draining, so round robin." };
    return domain.failoverToRoundRobin
      ? { specific: null, roundRobin: true, reason: "The domain's gateway is draining; its failover setting sends the mail to round robin." }
      : { specific: null, roundRobin: false, reason: "The domain's gateway is draining and the domain does not fail over: the mail waits." };
  }
  const specific = table.gateways.find((gateway) => gateway.id === domain.gatewayId && gateway.type === "SPECIFIC_DOMAINS") ?? null;
  if (!specific) return { specific: null, roundRobin: true, reason: "The domain's gateway is disabled or gone: round robin." };
  if (dsn) return { specific, roundRobin: true, reason: "Outgate's DSN: the domain's Specific Domains gateway, then round robin." };
  return {
    specific,
    roundRobin: domain.failoverToRoundRobin,
    reason: domain.failoverToRoundRobin ? "The domain's Specific Domains gateway, then round robin." : "The domain's Specific Domains gateway only.",
  };
}

/**
 * The gateways to try, in order, for one message. `position` is the message's slot from the shared round-robin
 * cursor (ignored when the route does not use round robin); weights decide whose turn it is (weightedRing). Gateways in cool-down move to the end, so they are
 * tried only when everything else failed — never dropped, since a lone gateway may have recovered.
 */
export function chooseGateways(senderDomain: string, table: RoutingTable, position: bigint, dsn = false): RoutingGateway[] {
  const route = routeFor(senderDomain, table, dsn);
  const rotated = route.roundRobin ? weightedRing(table.gateways.filter((gateway) => gateway.type === "ROUND_ROBIN"), position) : [];
  const ring = table.orderRing ? table.orderRing(rotated) : rotated;
  const ordered = route.specific ? [route.specific, ...ring] : ring;
  return [...ordered.filter((gateway) => !gateway.coolingDown), ...ordered.filter((gateway) => gateway.coolingDown)];
}

/**
 * Routes a batch: messages that use round robin take consecutive cursor slots starting at `start`, so a batch
 * reserved with one `UPDATE round_robin_cursor` spreads exactly evenly, also across concurrent workers. `dsns[i]`:
 * message i is Outgate's own DSN (routeFor).
 */
export function chooseGatewaysForBatch(senderDomains: string[], table: RoutingTable, start: bigint, dsns: readonly boolean[] = []): RoutingGateway[][] {
  let next = start;
  return senderDomains.map((senderDomain, index) => {
    const dsn = dsns[index] === true;
    if (!routeFor(senderDomain, table, dsn).roundRobin) return chooseGateways(senderDomain, table, 0n, dsn);
    const position = next;
    next += 1n;
    return chooseGateways(senderDomain, table, position, dsn);
  });
}

/** How many cursor slots a batch needs: one per message routed through round robin. */
export function countRoundRobinRoutes(senderDomains: string[], table: RoutingTable, dsns: readonly boolean[] = []): number {
  return senderDomains.filter((senderDomain, index) => routeFor(senderDomain, table, dsns[index] === true).roundRobin).length;
}
