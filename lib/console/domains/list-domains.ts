import { getDb } from "../../platform/db";
import { unicodeDomainName } from "./unicode-name";

/** The gateway columns the console may show; never the *Enc secret columns. */
export const DOMAIN_GATEWAY_SELECT = { id: true, description: true, address: true, port: true, enabled: true, type: true } as const;

/** Every hosted domain with its outbound gateway (null = round robin), by name. */
export async function listDomains() {
  const rows = await getDb().domain.findMany({
    select: { id: true, name: true, failoverToRoundRobin: true, gateway: { select: DOMAIN_GATEWAY_SELECT } },
    orderBy: { name: "asc" },
  });
  return rows.map((row) => ({ ...row, unicodeName: unicodeDomainName(row.name) }));
}

export type DomainListItem = Awaited<ReturnType<typeof listDomains>>[number];
