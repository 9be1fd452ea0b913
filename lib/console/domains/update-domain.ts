import { getDb } from "../../platform/db";
import type { DomainValues } from "../../validation/domain";
import { assertAssignableGateway } from "./assert-assignable-gateway";
import { domainExistsError, domainNotFoundError, isUniqueViolation } from "./domain-errors";

/** Renames a domain and/or assigns its outbound gateway (null = round robin), with the same rules as creating one. */
export async function updateDomain({ id, name, gatewayId, failoverToRoundRobin }: DomainValues & { id: string }) {
  try {
    return await getDb().$transaction(async (tx) => {
      const clash = await tx.domain.findUnique({ where: { name }, select: { id: true } });
      if (clash && clash.id !== id) throw domainExistsError();
      await assertAssignableGateway(tx, gatewayId);
      const { count } = await tx.domain.updateMany({ where: { id }, data: { name, gatewayId, failoverToRoundRobin } });
      if (count === 0) throw domainNotFoundError();
      return { id, name, gatewayId, failoverToRoundRobin };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw domainExistsError();
    throw error;
  }
}
