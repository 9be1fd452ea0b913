import { getDb } from "../../platform/db";
import type { GatewayEncryptionValue, GatewayTypeValue } from "../../validation/gateway";
import { GATEWAY_SUMMARY_SELECT } from "./gateway-columns";

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
  type: GatewayTypeValue;
  authEnabled: boolean;
  smartermailEnabled: boolean;
  domainCount: number;
  domainNames: string[];
};

export async function listGateways(): Promise<GatewayListItem[]> {
  const rows = await getDb().gateway.findMany({
    select: {
      ...GATEWAY_SUMMARY_SELECT,
      _count: { select: { domains: true } },
      domains: { select: { name: true }, orderBy: { name: "asc" }, take: DOMAIN_NAMES_LISTED },
    },
    orderBy: [{ description: "asc" }, { createdAt: "asc" }],
  });
  return rows.map(({ _count, domains, ...gateway }) => ({
    ...gateway,
    domainCount: _count.domains,
    domainNames: domains.map((domain) => domain.name),
  }));
}
