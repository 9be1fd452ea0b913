import { getDb } from "../db";
import { createSpoolBalancerForRouting } from "../gateways/spool-balancing";
import type { RoutingDomain, RoutingTable } from "./choose-gateways";

/** Enabled gateways (with their shared cool-down) and the hosted domains among `senderDomains`: two queries a batch. */
export async function loadRoutingTable(
  senderDomains: string[],
  now = new Date(),
  balancing: "ROUND_ROBIN" | "LEAST_SPOOL" = "ROUND_ROBIN",
): Promise<RoutingTable> {
  const db = getDb();
  const names = [...new Set(senderDomains.map((name) => name.toLowerCase()))];
  const [gateways, domains] = await Promise.all([
    db.gateway.findMany({
      where: { enabled: true },
      orderBy: { id: "asc" },
      select: {
        id: true,
        description: true,
        address: true,
        port: true,
        encryption: true,
        verifyCertificate: true,
        type: true,
        authEnabled: true,
        authUsername: true,
        authPasswordEnc: true,
        updatedAt: true,
        health: { select: { cooldownUntil: true } },
      },
    }),
    db.domain.findMany({ where: { name: { in: names } }, select: { name: true, gatewayId: true, failoverToRoundRobin: true } }),
  ]);
  return {
    gateways: gateways.map(({ health, ...gateway }) => ({
      ...gateway,
      coolingDown: !!health?.cooldownUntil && health.cooldownUntil > now,
    })),
    domains: new Map<string, RoutingDomain>(domains.map(({ name, ...domain }) => [name, domain])),
    orderRing: balancing === "LEAST_SPOOL" ? createSpoolBalancerForRouting(now.getTime()) : undefined,
  };
}
