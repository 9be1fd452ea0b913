import { getDb } from "../../platform/db";
import { getDeliverySettings } from "../../engine/queue/get-delivery-settings";
import type { DomainValues } from "../../validation/domain";
import { assertAssignableGateway } from "./assert-assignable-gateway";
import { domainExistsError, isUniqueViolation } from "./domain-errors";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "../audit/record-audit";

/**
 * Adds a hosted domain; `values` come from domainInputSchema (ASCII lower-case name, gatewayId null = round robin).
 * Recorded as "domain.create" by `actor`.
 */
export async function createDomain({ name, gatewayId, failoverToRoundRobin, perHourLimit, perDayLimit, limitAction }: DomainValues, actor: AuditActor = SYSTEM_ACTOR) {
  const failover = failoverToRoundRobin ?? (await getDeliverySettings()).defaultFailoverToRoundRobin;
  try {
    return await getDb().$transaction(async (tx) => {
      if (await tx.domain.findUnique({ where: { name }, select: { id: true } })) throw domainExistsError();
      await assertAssignableGateway(tx, gatewayId);
      const domain = await tx.domain.create({
        data: { name, gatewayId, failoverToRoundRobin: failover, perHourLimit, perDayLimit, limitAction },
        select: { id: true, name: true, gatewayId: true, failoverToRoundRobin: true },
      });
      await recordAudit(tx, { actor, action: "domain.create", target: { type: "domain", id: domain.id, label: domain.name }, after: domain });
      return domain;
    });
  } catch (error) {
    // Two admins adding the same name at once: the unique index decides, the message stays the same.
    if (isUniqueViolation(error)) throw domainExistsError();
    throw error;
  }
}
