import { getDb } from "../../platform/db";
import { DOMAIN_GATEWAY_SELECT } from "./list-domains";
import { unicodeDomainName } from "./unicode-name";

/** One domain for the edit page, or null when the id does not exist. */
export async function getDomain(id: string) {
  const row = await getDb().domain.findUnique({
    where: { id },
    select: { id: true, name: true, gatewayId: true, failoverToRoundRobin: true, perHourLimit: true, perDayLimit: true, limitAction: true, gateway: { select: DOMAIN_GATEWAY_SELECT } },
  });
  return row && { ...row, unicodeName: unicodeDomainName(row.name) };
}
