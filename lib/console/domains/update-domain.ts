import { getDb } from "../../platform/db";
import type { DomainValues } from "../../validation/domain";
import { assertAssignableGateway } from "./assert-assignable-gateway";
import { domainExistsError, domainNotFoundError, isUniqueViolation } from "./domain-errors";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "../audit/record-audit";

/**
 * Renames a domain and/or assigns its outbound gateway (null = round robin), with the same rules as creating one.
 * Recorded as "domain.update" by `actor` with the row before and after.
 */
export async function updateDomain({ id, name, gatewayId, failoverToRoundRobin, perHourLimit, perDayLimit, limitAction }: DomainValues & { id: string }, actor: AuditActor = SYSTEM_ACTOR) {
  try {
    return await getDb().$transaction(async (tx) => {
      const clash = await tx.domain.findUnique({ where: { name }, select: { id: true } });
      if (clash && clash.id !== id) throw domainExistsError();
      await assertAssignableGateway(tx, gatewayId);
      const before = await tx.domain.findUnique({ where: { id } });
      const { count } = await tx.domain.updateMany({ where: { id }, data: { name, gatewayId, failoverToRoundRobin, perHourLimit, perDayLimit, limitAction } });
      if (count === 0 || !before) throw domainNotFoundError();
      const after = await tx.domain.findUnique({ where: { id } });
      await recordAudit(tx, { actor, action: "domain.update", target: { type: "domain", id, label: name }, before, after });
      return { id, name, gatewayId, failoverToRoundRobin };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw domainExistsError();
    throw error;
  }
}
