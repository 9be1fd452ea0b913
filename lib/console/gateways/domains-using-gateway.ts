import type { Prisma } from "../../generated/prisma/client";
import { AppError } from "../../platform/errors";

/**
 * Locks the gateway row until the transaction ends, so no domain can be assigned to it (domain writes lock
 * it FOR SHARE, see lib/console/domains/assert-assignable-gateway.ts) between our check and our change.
 */
export async function lockGatewayOrThrow(tx: Prisma.TransactionClient, id: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM gateways WHERE id = ${id}::uuid FOR UPDATE`;
  if (rows.length === 0) throw new AppError("not_found", "That gateway no longer exists.");
}

export async function findDomainNamesUsingGateway(tx: Prisma.TransactionClient, id: string): Promise<string[]> {
  const domains = await tx.domain.findMany({ where: { gatewayId: id }, select: { name: true }, orderBy: { name: "asc" } });
  return domains.map((domain) => domain.name);
}

/** "a.example, b.example and 3 more" — short enough for a field message. */
export function formatDomainNames(names: string[], shown = 10): string {
  if (names.length <= shown) return names.join(", ");
  return `${names.slice(0, shown).join(", ")} and ${names.length - shown} more`;
}
