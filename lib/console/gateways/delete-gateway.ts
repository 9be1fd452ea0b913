import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { findDomainNamesUsingGateway, formatDomainNames, lockGatewayOrThrow } from "./domains-using-gateway";

export type DeleteGatewayOptions = { id: string; reassignDomainsToRoundRobin?: boolean };

/**
 * Deletes a gateway. Domains that use it are never left pointing nowhere: without
 * `reassignDomainsToRoundRobin` the delete is refused and names them (`fields.domains` holds every name for the
 * confirmation dialog); with it, they move to round robin in the same transaction.
 */
export async function deleteGateway({ id, reassignDomainsToRoundRobin = false }: DeleteGatewayOptions): Promise<{ reassignedDomains: string[] }> {
  return getDb().$transaction(async (tx) => {
    await lockGatewayOrThrow(tx, id);
    const names = await findDomainNamesUsingGateway(tx, id);
    if (names.length > 0 && !reassignDomainsToRoundRobin) {
      throw new AppError(
        "conflict",
        `These domains use this gateway: ${formatDomainNames(names)}. Move them to Round robin to delete it.`,
        { domains: names },
      );
    }
    if (names.length > 0) await tx.domain.updateMany({ where: { gatewayId: id }, data: { gatewayId: null } });
    await tx.gateway.delete({ where: { id } });
    return { reassignedDomains: names };
  });
}
