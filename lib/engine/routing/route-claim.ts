import { chooseGatewaysForBatch, countRoundRobinRoutes, routeFor, type RoutingGateway, type RoutingTable } from "./choose-gateways";
import { fitRoutesToLimits, rateDemandsOf, type FittedRoute, type RouteRequest } from "./fit-routes-to-limits";
import { domainSubject } from "./rate-limits";
import { reserveRateSlots, type ReservedWindows } from "./reserve-rate-slots";
import { reserveRoundRobinSlots } from "./reserve-round-robin-slots";

const DRAINING_WAIT = "Every gateway that routes this mail is draining: it waits until one is enabled again.";

/**
 * A claimed message as routing needs it. pinnedGatewayId: that gateway only (a test message). movedToGatewayId: an
 * admin's Move to gateway, tried first, with the usual route as failover (absent or null: not moved). isBounce:
 * Outgate's own DSN, which falls back on round robin whatever its domain's failover setting (routeFor).
 */
export type MessageToRoute = { senderDomain: string; pinnedGatewayId: string | null; movedToGatewayId?: string | null; isBounce?: boolean };

/** Each message's fate (FittedRoute), the windows its slots were reserved in, and the database's clock then. */
export type RoutedClaim = { routes: FittedRoute[]; windows: ReservedWindows; now: Date };

/**
 * Routes one claim: one cursor increment for its round-robin turns (weighted), then one reservation of limit slots
 * for the whole claim (reserveRateSlots). A pinned message (a test message) goes through its gateway only, or waits
 * while that gateway is disabled or draining; a domain whose gateway drains without failover waits too. A moved
 * message tries its chosen gateway first and fails over along its usual route; while the chosen gateway is not in the
 * table (disabled, draining, deleted) it simply takes the usual route, so a move never strands mail.
 */
export async function routeClaim(messages: MessageToRoute[], table: RoutingTable): Promise<RoutedClaim> {
  const senderDomains = messages.map((message) => message.senderDomain);
  const dsns = messages.map((message) => message.isBounce === true);
  const start = await reserveRoundRobinSlots(countRoundRobinRoutes(senderDomains, table, dsns));
  const candidates = chooseGatewaysForBatch(senderDomains, table, start, dsns);
  const requests = messages.map((message, index) => requestRoute(message, table, candidates[index]));
  const reserved = await reserveRateSlots(rateDemandsOf(requests), (rooms) => fitRoutesToLimits(requests, rooms));
  return { routes: reserved.result, windows: reserved.windows, now: reserved.now };
}

/**
 * What one message asks of the limits (pure): its `candidates` (chooseGateways' order) and its domain's Delay limits,
 * or the reason it waits with no gateway at all. Route explain asks the same question for the next message.
 */
export function requestRoute(message: MessageToRoute, table: RoutingTable, candidates: RoutingGateway[]): RouteRequest {
  if (message.pinnedGatewayId) return { gateways: table.gateways.filter((gateway) => gateway.id === message.pinnedGatewayId), domain: null };
  const usual = requestUsualRoute(message, table, candidates);
  const moved = message.movedToGatewayId ? table.gateways.find((gateway) => gateway.id === message.movedToGatewayId) : undefined;
  // Moved by an admin: their choice first, even in cool-down (they asked for it now), the usual route behind it as
  // failover. A chosen gateway not in the table (disabled, draining, deleted) is skipped: the usual route alone.
  return moved ? { gateways: [moved, ...usual.gateways.filter((gateway) => gateway.id !== moved.id)], domain: usual.domain } : usual;
}

function requestUsualRoute(message: MessageToRoute, table: RoutingTable, candidates: RoutingGateway[]): RouteRequest {
  const route = routeFor(message.senderDomain, table, message.isBounce === true);
  if (!route.specific && !route.roundRobin) return { gateways: [], domain: null, wait: route.reason };
  // Every gateway that would take it is draining (taken down for maintenance on purpose): it waits, no attempt
  // counted, rather than failing as "No usable gateway" and using up its retries.
  if (candidates.length === 0 && (table.drainingIds?.size ?? 0) > 0) return { gateways: [], domain: null, wait: DRAINING_WAIT };
  const domain = table.domains.get(message.senderDomain.toLowerCase());
  const limits = domain?.id && domain.limits?.length ? { subject: domainSubject(domain.id), limits: domain.limits } : null;
  return { gateways: candidates, domain: limits };
}
