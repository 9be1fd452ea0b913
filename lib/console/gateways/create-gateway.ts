import { getDb } from "../../platform/db";
import { NO_STORED_SECRETS, type GatewayValues } from "../../validation/gateway";
import { assertDestinationsAllowed } from "./assert-destinations-allowed";
import { assertSecretsPresent, toDuplicateGatewayError, toGatewayColumns } from "./gateway-columns";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "../audit/record-audit";

/** Adds a gateway; recorded in the audit log as "gateway.create" by `actor` (the row after, secrets stripped). */
export async function createGateway({ values, actor = SYSTEM_ACTOR }: { values: GatewayValues; actor?: AuditActor }): Promise<{ id: string }> {
  assertDestinationsAllowed(values);
  assertSecretsPresent(values, NO_STORED_SECRETS);
  try {
    return await getDb().$transaction(async (tx) => {
      const gateway = await tx.gateway.create({ data: toGatewayColumns(values) });
      await recordAudit(tx, { actor, action: "gateway.create", target: { type: "gateway", id: gateway.id, label: gateway.description }, after: gateway });
      return { id: gateway.id };
    });
  } catch (error) {
    throw toDuplicateGatewayError(error);
  }
}
