import { getDb } from "../../platform/db";
import { NO_STORED_SECRETS, type GatewayValues } from "../../validation/gateway";
import { assertDestinationsAllowed } from "./assert-destinations-allowed";
import { assertSecretsPresent, toDuplicateGatewayError, toGatewayColumns } from "./gateway-columns";

export async function createGateway({ values }: { values: GatewayValues }): Promise<{ id: string }> {
  assertDestinationsAllowed(values);
  assertSecretsPresent(values, NO_STORED_SECRETS);
  try {
    return await getDb().gateway.create({ data: toGatewayColumns(values), select: { id: true } });
  } catch (error) {
    throw toDuplicateGatewayError(error);
  }
}
