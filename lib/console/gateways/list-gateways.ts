import { getDb } from "../../platform/db";
import { gatewayStatusOf, type GatewayEncryptionValue, type GatewayStatusValue, type GatewayTypeValue } from "../../validation/gateway";
import { GATEWAY_SUMMARY_SELECT, GATEWAY_TRAFFIC_SELECT } from "./gateway-columns";
import { readGatewayLimitUse, type LimitUse } from "./read-limit-use";

/** Enough domain names for the delete confirmation; the count is always exact. */
const DOMAIN_NAMES_LISTED = 50;

/** A grid row: plain values only, never a credential (this reaches the browser). */
export type GatewayListItem = {
  id: string;
  description: string;
  address: string;
  port: number;
  encryption: GatewayEncryptionValue;
  enabled: boolean;
  /** Enabled, Draining (issue 14) or Disabled. */
  status: GatewayStatusValue;
  type: GatewayTypeValue;
  authEnabled: boolean;
  smartermailEnabled: boolean;
  domainCount: number;
  domainNames: string[];
  /** Round-robin weight (1..100). */
  weight: number;
  /** Each configured limit with its use in the current window; [] = unlimited. */
  limitUse: LimitUse[];
};

export async function listGateways(): Promise<GatewayListItem[]> {
  const rows = await getDb().gateway.findMany({
    select: {
      ...GATEWAY_SUMMARY_SELECT,
      ...GATEWAY_TRAFFIC_SELECT,
      _count: { select: { domains: true } },
      domains: { select: { name: true }, orderBy: { name: "asc" }, take: DOMAIN_NAMES_LISTED },
    },
    orderBy: [{ description: "asc" }, { createdAt: "asc" }],
  });
  const use = await readGatewayLimitUse(rows);
  return rows.map(({ _count, domains, draining, ...gateway }) => ({
    ...gateway,
    status: gatewayStatusOf({ enabled: gateway.enabled, draining }),
    domainCount: _count.domains,
    domainNames: domains.map((domain) => domain.name),
    limitUse: use.get(gateway.id) ?? [],
  }));
}
