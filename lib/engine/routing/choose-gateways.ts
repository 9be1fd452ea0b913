import type { RoutableGateway } from "../delivery/types";

export type RoutingDomain = { gatewayId: string | null; failoverToRoundRobin: boolean };

export type RoutingTable = {
  /** Enabled gateways only, ordered by id so every worker sees the same round-robin ring. */
  gateways: RoutableGateway[];
  /** Hosted domains by lower-case ASCII name. */
  domains: Map<string, RoutingDomain>;
  /** Reorders the rotated round-robin ring (least-spool balancing); ties must keep the ring order. */
  orderRing?: <T extends { id: string }>(ring: readonly T[]) => T[];
};

type Route = { specific: RoutableGateway | null; roundRobin: boolean };

/**
 * Which kind of route a sender domain takes. A domain pinned to an enabled Specific Domains gateway goes there
 * (and on to round robin only when the domain allows it); a pin to a disabled or deleted gateway would strand
 * the mail, so such a domain — like any unhosted one — uses round robin.
 */
export function routeFor(senderDomain: string, table: RoutingTable): Route {
  const domain = table.domains.get(senderDomain.toLowerCase());
  const specific = domain?.gatewayId
    ? table.gateways.find((gateway) => gateway.id === domain.gatewayId && gateway.type === "SPECIFIC_DOMAINS") ?? null
    : null;
  if (!specific) return { specific: null, roundRobin: true };
  return { specific, roundRobin: domain!.failoverToRoundRobin };
}

/**
 * The gateways to try, in order, for one message. `position` is the message's slot from the shared round-robin
 * cursor (ignored when the route does not use round robin). Gateways in cool-down move to the end, so they are
 * tried only when everything else failed — never dropped, since a lone gateway may have recovered.
 */
export function chooseGateways(senderDomain: string, table: RoutingTable, position: bigint): RoutableGateway[] {
  const route = routeFor(senderDomain, table);
  const rotated = route.roundRobin ? rotate(table.gateways.filter((gateway) => gateway.type === "ROUND_ROBIN"), position) : [];
  const ring = table.orderRing ? table.orderRing(rotated) : rotated;
  const ordered = route.specific ? [route.specific, ...ring] : ring;
  return [...ordered.filter((gateway) => !gateway.coolingDown), ...ordered.filter((gateway) => gateway.coolingDown)];
}

/**
 * Routes a batch: messages that use round robin take consecutive cursor slots starting at `start`, so a batch
 * reserved with one `UPDATE round_robin_cursor` spreads exactly evenly, also across concurrent workers.
 */
export function chooseGatewaysForBatch(senderDomains: string[], table: RoutingTable, start: bigint): RoutableGateway[][] {
  let next = start;
  return senderDomains.map((senderDomain) => {
    if (!routeFor(senderDomain, table).roundRobin) return chooseGateways(senderDomain, table, 0n);
    const position = next;
    next += 1n;
    return chooseGateways(senderDomain, table, position);
  });
}

/** How many cursor slots a batch needs: one per message routed through round robin. */
export function countRoundRobinRoutes(senderDomains: string[], table: RoutingTable): number {
  return senderDomains.filter((senderDomain) => routeFor(senderDomain, table).roundRobin).length;
}

function rotate<T>(items: T[], position: bigint): T[] {
  if (items.length === 0) return [];
  const offset = Number(((position % BigInt(items.length)) + BigInt(items.length)) % BigInt(items.length));
  return [...items.slice(offset), ...items.slice(0, offset)];
}
