import { getDb } from "../../platform/db";

/** Gateways a domain may be pinned to: type SPECIFIC_DOMAINS only, disabled ones included (and marked by the UI). */
export function listAssignableGateways() {
  return getDb().gateway.findMany({
    where: { type: "SPECIFIC_DOMAINS" },
    select: { id: true, description: true, address: true, port: true, enabled: true },
    orderBy: [{ description: "asc" }, { address: "asc" }, { port: "asc" }],
  });
}

export type AssignableGateway = Awaited<ReturnType<typeof listAssignableGateways>>[number];
