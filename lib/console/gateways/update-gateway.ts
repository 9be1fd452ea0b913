import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import type { GatewayValues } from "../../validation/gateway";
import { assertDestinationsAllowed } from "./assert-destinations-allowed";
import { findDomainNamesUsingGateway, formatDomainNames, lockGatewayOrThrow } from "./domains-using-gateway";
import { assertSecretsPresent, STORED_SECRETS_SELECT, toDuplicateGatewayError, toGatewayColumns, toStoredSecrets } from "./gateway-columns";

/**
 * Saves the edit form. Whether a password is stored, and for which destination, comes from the row itself (a blank
 * password keeps it only for the same server, port and username); a denied address is refused; and a gateway cannot
 * stop being "Specific Domains" while domains still route through it.
 */
export async function updateGateway({ id, values }: { id: string; values: GatewayValues }): Promise<{ id: string }> {
  assertDestinationsAllowed(values);
  return getDb().$transaction(async (tx) => {
    await lockGatewayOrThrow(tx, id);
    const current = await tx.gateway.findUniqueOrThrow({ where: { id }, select: STORED_SECRETS_SELECT });
    assertSecretsPresent(values, toStoredSecrets(current));

    if (values.type !== "SPECIFIC_DOMAINS") {
      const names = await findDomainNamesUsingGateway(tx, id);
      if (names.length > 0) {
        const message = `These domains use this gateway: ${formatDomainNames(names)}. Move them to another gateway or to Round robin before changing the type.`;
        throw new AppError("conflict", message, { type: [message] });
      }
    }

    try {
      return await tx.gateway.update({ where: { id }, data: toGatewayColumns(values), select: { id: true } });
    } catch (error) {
      throw toDuplicateGatewayError(error);
    }
  });
}
