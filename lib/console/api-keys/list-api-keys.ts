import { getDb } from "../../platform/db";

export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  /** true: every hosted domain; false: only `domains` (empty: its domains were deleted, it sends for nothing). */
  allDomains: boolean;
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
      allDomains: true,
      domains: { select: { domain: { select: { id: true, name: true } } }, orderBy: { domain: { name: "asc" } } },
    },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  return keys.map(({ domains, ...key }) => ({ ...key, domains: domains.map((link) => link.domain) }));
}
