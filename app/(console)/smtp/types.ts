export type DomainChoice = { id: string; name: string };

/** A credential as the grid shows it; dates are ISO strings (server → client). */
export type SmtpCredentialRow = {
  id: string;
  name: string;
  username: string;
  /** true: every hosted domain; false: only `domains` (empty: they were deleted, it sends for nothing). */
  allDomains: boolean;
  domains: string[];
  /** CIDR blocks; empty: any client address. */
  allowedNetworks: string[];
  ipRelay: boolean;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
