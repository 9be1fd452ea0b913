import { getDb } from "../../platform/db";

export type SmtpCredentialSummary = {
  id: string;
  name: string;
  username: string;
  /** true: every hosted domain; false: only `domains` (empty: its domains were deleted, it sends for nothing). */
  allDomains: boolean;
  domains: { id: string; name: string }[];
  /** CIDR blocks; empty: any client address. */
  allowedNetworks: string[];
  ipRelay: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** Every credential for the console, newest first. Never selects the password hash. */
export async function listSmtpCredentials(): Promise<SmtpCredentialSummary[]> {
  const rows = await getDb().smtpCredential.findMany({
    select: {
      id: true,
      name: true,
      username: true,
      allDomains: true,
      allowedNetworks: true,
      ipRelay: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      domains: { select: { domain: { select: { id: true, name: true } } }, orderBy: { domain: { name: "asc" } } },
    },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  return rows.map(({ domains, ...row }) => ({ ...row, domains: domains.map((link) => link.domain) }));
}
