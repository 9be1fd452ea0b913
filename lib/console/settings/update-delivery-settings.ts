import { getDb } from "../../platform/db";
import type { DeliverySettingsUpdate, DeliverySettingsValues } from "../../validation/delivery-settings";
import { DELIVERY_SETTINGS_SELECT } from "../../engine/queue/get-delivery-settings";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "../audit/record-audit";

/**
 * Writes the single settings row (recreating it if it was ever removed); workers read it at every drain. Recorded as
 * "settings.update" with the values before and after.
 */
export async function updateDeliverySettings(input: DeliverySettingsUpdate, actor: AuditActor = SYSTEM_ACTOR): Promise<DeliverySettingsValues> {
  const data = {
    retryDelaysSeconds: input.retryDelays,
    maxLifetimeSeconds: input.maxLifetime,
    bouncesEnabled: input.bouncesEnabled,
    defaultFailoverToRoundRobin: input.defaultFailoverToRoundRobin,
    balancing: input.balancing,
  };
  return getDb().$transaction(async (tx) => {
    // Locked so two saves at once record the before each of them really replaced.
    await tx.$executeRaw`SELECT 1 FROM delivery_settings WHERE id = 1 FOR UPDATE`;
    const before = await tx.deliverySettings.findUnique({ where: { id: 1 }, select: DELIVERY_SETTINGS_SELECT });
    const after = await tx.deliverySettings.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data, select: DELIVERY_SETTINGS_SELECT });
    await recordAudit(tx, { actor, action: "settings.update", target: { type: "settings", id: "delivery", label: "Delivery settings" }, before, after });
    return after;
  });
}
