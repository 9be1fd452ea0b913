import type { Prisma } from "../../generated/prisma/client";
import { AppError } from "../../platform/errors";

export const ROUND_ROBIN_REFUSED_MESSAGE = "A Round Robin gateway cannot be assigned to a domain";
export const GATEWAY_GONE_MESSAGE = "That gateway no longer exists";

/**
 * A domain may only point at a SPECIFIC_DOMAINS gateway (null = round robin needs no check). The row is
 * locked FOR SHARE so the gateway cannot be deleted or retyped before the caller's transaction commits.
 */
export async function assertAssignableGateway(tx: Prisma.TransactionClient, gatewayId: string | null): Promise<void> {
  if (gatewayId === null) return;
  const [gateway] = await tx.$queryRaw<{ type: string }[]>`
    SELECT type::text AS type FROM gateways WHERE id = ${gatewayId}::uuid FOR SHARE`;
  if (!gateway) {
    throw new AppError("unprocessable", `${GATEWAY_GONE_MESSAGE}.`, { gatewayId: [GATEWAY_GONE_MESSAGE] });
  }
  if (gateway.type !== "SPECIFIC_DOMAINS") {
    throw new AppError("unprocessable", `${ROUND_ROBIN_REFUSED_MESSAGE}.`, { gatewayId: [ROUND_ROBIN_REFUSED_MESSAGE] });
  }
}
