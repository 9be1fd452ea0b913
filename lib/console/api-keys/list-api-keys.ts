import { getDb } from "../../platform/db";

export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  /** The hosted domains the key may send for; empty = all of them. */
  domains: { id: string; name: string }[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** Every key for the console, newest first. Never selects the hash. */
export async function listApiKeys(): Promise<ApiKeySummary[]> {
  const keys = await getDb().apiKey.findMany({
    select: {
      id: true,
      name: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      domains: { select: { domain: { select: { id: true, name: true } } }, orderBy: { domain: { name: "asc" } } },
    },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  return keys.map(({ domains, ...key }) => ({ ...key, domains: domains.map((link) => link.domain) }));
}
