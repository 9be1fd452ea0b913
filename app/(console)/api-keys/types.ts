export type DomainChoice = { id: string; name: string };

/** A key as the grid shows it; dates are ISO strings (server → client). */
export type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  /** true: every hosted domain; false: only `domains` (empty: they were deleted, the key sends for nothing). */
  allDomains: boolean;
  domains: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
