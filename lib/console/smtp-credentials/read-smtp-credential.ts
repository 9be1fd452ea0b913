import { getDb } from "../../platform/db";

/** lastUsedAt is a hint for admins, not an audit log: one write a minute per credential at most. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** What authenticating needs of a credential; `domainNames` are the ASCII names of its hosted domains, sorted. */
export type SmtpCredentialRow = {
  id: string;
  name: string;
  passwordHash: string;
  allDomains: boolean;
  allowedNetworks: string[];
  ipRelay: boolean;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  domainNames: string[];
};

const SELECT = {
  id: true,
  name: true,
  passwordHash: true,
  allDomains: true,
  allowedNetworks: true,
  ipRelay: true,
  revokedAt: true,
  lastUsedAt: true,
  domains: { select: { domain: { select: { name: true } } } },
} as const;

type SelectedRow = Omit<SmtpCredentialRow, "domainNames"> & { domains: { domain: { name: string } }[] };

function toRow({ domains, ...rest }: SelectedRow): SmtpCredentialRow {
  return { ...rest, domainNames: domains.map(({ domain }) => domain.name).sort() };
}

/** The credential with this (lower-case) username, revoked or not; null when there is none. Read fresh each call. */
export async function readSmtpCredentialByUsername(username: string): Promise<SmtpCredentialRow | null> {
  const row = await getDb().smtpCredential.findUnique({ where: { username }, select: SELECT });
  return row ? toRow(row) : null;
}

/** The credential with this id, revoked or not; null when it was deleted. Read fresh each call. */
export async function readSmtpCredentialById(id: string): Promise<SmtpCredentialRow | null> {
  const row = await getDb().smtpCredential.findUnique({ where: { id }, select: SELECT });
  return row ? toRow(row) : null;
}

/** Every credential that is not revoked and has IP-only relay on (few: one per trusted network or device). */
export async function readIpRelayCredentials(): Promise<SmtpCredentialRow[]> {
  const rows = await getDb().smtpCredential.findMany({ where: { ipRelay: true, revokedAt: null }, select: SELECT, orderBy: { createdAt: "asc" } });
  return rows.map(toRow);
}

/** Records a use at most once a minute (a conditional UPDATE, so concurrent sessions write once); never on a revoked one. */
export async function recordSmtpCredentialUse(credential: Pick<SmtpCredentialRow, "id" | "lastUsedAt">, now = new Date()): Promise<void> {
  const cutoff = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (credential.lastUsedAt && credential.lastUsedAt > cutoff) return;
  await getDb().smtpCredential.updateMany({
    where: { id: credential.id, revokedAt: null, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: cutoff } }] },
    data: { lastUsedAt: now },
  });
}
