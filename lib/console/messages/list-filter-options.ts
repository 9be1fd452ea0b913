import { getDb } from "../../platform/db";

export type FilterOption = { id: string; label: string };

/**
 * The choices of the Messages filter bar's Gateway and API key selects: every gateway (disabled and draining ones
 * too: their mail is still searched) and every key (revoked ones too: their messages stay), by name.
 */
export async function listFilterOptions(): Promise<{ gateways: FilterOption[]; apiKeys: FilterOption[] }> {
  const [gateways, apiKeys] = await Promise.all([
    getDb().gateway.findMany({ select: { id: true, description: true, address: true, port: true }, orderBy: [{ description: "asc" }, { id: "asc" }] }),
    getDb().apiKey.findMany({ select: { id: true, name: true, prefix: true, revokedAt: true }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
  ]);
  return {
    gateways: gateways.map((gateway) => ({ id: gateway.id, label: `${gateway.description} (${gateway.address}:${gateway.port})` })),
    apiKeys: apiKeys.map((key) => ({ id: key.id, label: `${key.name} (${key.prefix}…)${key.revokedAt ? " — revoked" : ""}` })),
  };
}
