import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import type { GatewayValues } from "../../validation/gateway";
import { assertDestinationsAllowed } from "./assert-destinations-allowed";
import { findDomainNamesUsingGateway, formatDomainNames, lockGatewayOrThrow } from "./domains-using-gateway";
import { assertSecretsPresent, toDuplicateGatewayError, toGatewayColumns, toStoredSecrets } from "./gateway-columns";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "../audit/record-audit";
import { rerouteWaitingMail } from "../../engine/routing/reroute-waiting-mail";

/**
 * Saves the edit form. Whether a password is stored, and for which destination, comes from the row itself (a blank
 * password keeps it only for the same server, port and username); a denied address is refused; and a gateway cannot
 * stop being "Specific Domains" while domains still route through it.
 */
export async function updateGateway({ id, values, actor = SYSTEM_ACTOR }: { id: string; values: GatewayValues; actor?: AuditActor }): Promise<{ id: string }> {
  assertDestinationsAllowed(values);
  const saved = await getDb().$transaction(async (tx) => {
    await lockGatewayOrThrow(tx, id);
    const current = await tx.gateway.findUniqueOrThrow({ where: { id } });
    assertSecretsPresent(values, toStoredSecrets(current));

    if (values.type !== "SPECIFIC_DOMAINS") {
      const names = await findDomainNamesUsingGateway(tx, id);
      if (names.length > 0) {
        const message = `These domains use this gateway: ${formatDomainNames(names)}. Move them to another gateway or to Round robin before changing the type.`;
        throw new AppError("conflict", message, { type: [message] });
      }
    }

    try {
      const after = await tx.gateway.update({ where: { id }, data: toGatewayColumns(values) });
      // The whole row before and after ("gateway.update"); recordAudit drops the sealed passwords and names them if they changed.
      await recordAudit(tx, { actor, action: "gateway.update", target: { type: "gateway", id, label: after.description }, before: current, after });
      return { id };
    } catch (error) {
      throw toDuplicateGatewayError(error);
    }
  });
  // Drain mode (issue 14): the mail waiting for it goes through the other gateways now, not at its next retry.
  if (values.draining) await rerouteWaitingMail(id);
  return saved;
}
