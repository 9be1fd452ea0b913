import { getDb } from "../../platform/db";
import { formatHostPort } from "../../validation/hostname";

export type FilterOption = { id: string; label: string };

/**
 * The choices of the Messages filter bar's Gateway and Source selects: every gateway (disabled and draining ones
 * too: their mail is still searched), every API key and SMTP credential (revoked ones too: their messages stay),
 * by name.
 */
export async function listFilterOptions(): Promise<{ gateways: FilterOption[]; apiKeys: FilterOption[]; smtpCredentials: FilterOption[] }> {
  const [gateways, apiKeys, smtpCredentials] = await Promise.all([
    getDb().gateway.findMany({ select: { id: true, description: true, address: true, port: true }, orderBy: [{ description: "asc" }, { id: "asc" }] }),
    getDb().apiKey.findMany({ select: { id: true, name: true, prefix: true, revokedAt: true }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
    getDb().smtpCredential.findMany({ select: { id: true, name: true, username: true, revokedAt: true }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
  ]);
  return {
    gateways: gateways.map((gateway) => ({ id: gateway.id, label: `${gateway.description} (${formatHostPort(gateway.address, gateway.port)})` })),
    apiKeys: apiKeys.map((key) => ({ id: key.id, label: `${key.name} (${key.prefix}…)${key.revokedAt ? " — revoked" : ""}` })),
    smtpCredentials: smtpCredentials.map((credential) => ({ id: credential.id, label: `${credential.name} (${credential.username})${credential.revokedAt ? " — revoked" : ""}` })),
  };
}
