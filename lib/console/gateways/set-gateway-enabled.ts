import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";

/** A disabled gateway is kept with its settings but never chosen for delivery. */
export async function setGatewayEnabled({ id, enabled }: { id: string; enabled: boolean }): Promise<{ id: string; enabled: boolean }> {
  const { count } = await getDb().gateway.updateMany({ where: { id }, data: { enabled } });
  if (count === 0) throw new AppError("not_found", "That gateway no longer exists.");
  return { id, enabled };
}
