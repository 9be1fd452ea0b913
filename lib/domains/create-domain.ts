import { getDb } from "../db";
import type { DomainValues } from "../validation/domain";
import { assertAssignableGateway } from "./assert-assignable-gateway";
import { domainExistsError, isUniqueViolation } from "./domain-errors";

/** Adds a hosted domain; `values` come from domainInputSchema (ASCII lower-case name, gatewayId null = round robin). */
export async function createDomain({ name, gatewayId }: DomainValues) {
  try {
    return await getDb().$transaction(async (tx) => {
      if (await tx.domain.findUnique({ where: { name }, select: { id: true } })) throw domainExistsError();
      await assertAssignableGateway(tx, gatewayId);
      return tx.domain.create({ data: { name, gatewayId }, select: { id: true, name: true, gatewayId: true } });
    });
  } catch (error) {
    // Two admins adding the same name at once: the unique index decides, the message stays the same.
    if (isUniqueViolation(error)) throw domainExistsError();
    throw error;
  }
}
