import { getDb } from "../../platform/db";
import type { DeliverySettingsUpdate } from "../../validation/delivery-settings";
import type { DeliverySettingsValues } from "../../engine/queue/get-delivery-settings";

/** Writes the single settings row (recreating it if it was ever removed); workers read it at every drain. */
export async function updateDeliverySettings(input: DeliverySettingsUpdate): Promise<DeliverySettingsValues> {
  const data = {
    retryDelaysSeconds: input.retryDelays,
    maxLifetimeSeconds: input.maxLifetime,
    bouncesEnabled: input.bouncesEnabled,
    defaultFailoverToRoundRobin: input.defaultFailoverToRoundRobin,
    balancing: input.balancing,
  };
  return getDb().deliverySettings.upsert({
    where: { id: 1 },
    create: { id: 1, ...data },
    update: data,
    select: { retryDelaysSeconds: true, maxLifetimeSeconds: true, bouncesEnabled: true, defaultFailoverToRoundRobin: true, balancing: true },
  });
}
