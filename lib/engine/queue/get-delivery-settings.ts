import { getDb } from "../../platform/db";

export type DeliverySettingsValues = {
  /** Wait after the n-th failed attempt; the last entry repeats. */
  retryDelaysSeconds: number[];
  maxLifetimeSeconds: number;
  bouncesEnabled: boolean;
  /** Preselected "fail over to round robin" for newly added domains. */
  defaultFailoverToRoundRobin: boolean;
  /** LEAST_SPOOL: among round-robin gateways, prefer the one whose SmarterMail spool is emptiest. */
  balancing: "ROUND_ROBIN" | "LEAST_SPOOL";
};

/** The migration's defaults (Postfix-like backoff, 5 days lifetime), used when the single row is missing. */
export const DEFAULT_DELIVERY_SETTINGS: DeliverySettingsValues = {
  retryDelaysSeconds: [300, 600, 1200, 2400, 3600],
  maxLifetimeSeconds: 5 * 24 * 60 * 60,
  bouncesEnabled: true,
  defaultFailoverToRoundRobin: false,
  balancing: "ROUND_ROBIN",
};

/** Reads the single settings row (id 1); a missing row or an empty delay list falls back to the defaults. */
export async function getDeliverySettings(): Promise<DeliverySettingsValues> {
  const row = await getDb().deliverySettings.findUnique({
    where: { id: 1 },
    select: { retryDelaysSeconds: true, maxLifetimeSeconds: true, bouncesEnabled: true, defaultFailoverToRoundRobin: true, balancing: true },
  });
  if (!row) return { ...DEFAULT_DELIVERY_SETTINGS };
  return {
    ...row,
    retryDelaysSeconds: row.retryDelaysSeconds.length > 0 ? row.retryDelaysSeconds : DEFAULT_DELIVERY_SETTINGS.retryDelaysSeconds,
  };
}
