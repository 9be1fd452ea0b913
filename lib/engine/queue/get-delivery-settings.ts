import { getDb } from "../../platform/db";
import type { Prisma } from "../../generated/prisma/client";
import type { DeliverySettingsValues } from "../../validation/delivery-settings";
import { DEFAULT_RETRY_SCHEDULE } from "./retry-schedule";

/** The columns of the settings row that make up DeliverySettingsValues; every read and write of the row returns these. */
export const DELIVERY_SETTINGS_SELECT = {
  retryDelaysSeconds: true,
  maxLifetimeSeconds: true,
  bouncesEnabled: true,
  defaultFailoverToRoundRobin: true,
  balancing: true,
} as const satisfies Prisma.DeliverySettingsSelect & Record<keyof DeliverySettingsValues, true>;

/**
 * A fresh install's settings, used when the single row is missing. The migration gives the columns the same
 * defaults; SQL cannot import this, so get-delivery-settings.test.ts compares the two.
 */
export const DEFAULT_DELIVERY_SETTINGS: DeliverySettingsValues = {
  retryDelaysSeconds: DEFAULT_RETRY_SCHEDULE.delaysSeconds,
  maxLifetimeSeconds: DEFAULT_RETRY_SCHEDULE.maxLifetimeSeconds,
  bouncesEnabled: true,
  defaultFailoverToRoundRobin: false,
  balancing: "ROUND_ROBIN",
};

/** Reads the single settings row (id 1); a missing row or an empty delay list falls back to the defaults. */
export async function getDeliverySettings(): Promise<DeliverySettingsValues> {
  const row = await getDb().deliverySettings.findUnique({ where: { id: 1 }, select: DELIVERY_SETTINGS_SELECT });
  if (!row) return { ...DEFAULT_DELIVERY_SETTINGS };
  return {
    ...row,
    retryDelaysSeconds: row.retryDelaysSeconds.length > 0 ? row.retryDelaysSeconds : DEFAULT_DELIVERY_SETTINGS.retryDelaysSeconds,
  };
}
