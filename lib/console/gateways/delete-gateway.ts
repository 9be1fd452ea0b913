import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { findDomainNamesUsingGateway, formatDomainNames, lockGatewayOrThrow } from "./domains-using-gateway";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "../audit/record-audit";

export type DeleteGatewayOptions = { id: string; reassignDomainsToRoundRobin?: boolean; actor?: AuditActor };

/**
 * Deletes a gateway. Domains that use it are never left pointing nowhere: without
 * `reassignDomainsToRoundRobin` the delete is refused and names them (`fields.domains` holds every name for the
 * confirmation dialog); with it, they move to round robin in the same transaction.
 */
export async function deleteGateway({ id, reassignDomainsToRoundRobin = false, actor = SYSTEM_ACTOR }: DeleteGatewayOptions): Promise<{ reassignedDomains: string[] }> {
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
    const before = await tx.gateway.delete({ where: { id } });
    await recordAudit(tx, {
      actor,
      action: "gateway.delete",
      target: { type: "gateway", id, label: before.description },
      before,
      detail: names.length > 0 ? { domainsMovedToRoundRobin: names } : null,
    });
    return { reassignedDomains: names };
  });
}
