import { getDb } from "../../platform/db";
import type { DeliverySettingsUpdate, DeliverySettingsValues } from "../../validation/delivery-settings";
import { DELIVERY_SETTINGS_SELECT } from "../../engine/queue/get-delivery-settings";

/** Writes the single settings row (recreating it if it was ever removed); workers read it at every drain. */
export async function updateDeliverySettings(input: DeliverySettingsUpdate): Promise<DeliverySettingsValues> {
  const data = {
    retryDelaysSeconds: input.retryDelays,
    maxLifetimeSeconds: input.maxLifetime,
    bouncesEnabled: input.bouncesEnabled,
    defaultFailoverToRoundRobin: input.defaultFailoverToRoundRobin,
    balancing: input.balancing,
  };
  return getDb().deliverySettings.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data, select: DELIVERY_SETTINGS_SELECT });
}
