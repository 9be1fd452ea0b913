import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";

/**
 * A Move to gateway target must exist, be enabled and not draining (mail moved there would wait or be routed
 * away again). null (un-pin) is always fine. Throws AppError unprocessable with a gatewayId field error otherwise.
 */
export async function assertMoveTarget(gatewayId: string | null | undefined): Promise<{ id: string; description: string } | null> {
  if (!gatewayId) return null;
  const gateway = await getDb().gateway.findUnique({ where: { id: gatewayId }, select: { id: true, description: true, enabled: true, draining: true } });
  const problem = !gateway ? "There is no such gateway." : !gateway.enabled ? "That gateway is disabled; enable it first." : gateway.draining ? "That gateway is draining; choose another." : null;
  if (problem) throw new AppError("unprocessable", problem, { gatewayId: [problem] });
  return { id: gateway!.id, description: gateway!.description };
}
