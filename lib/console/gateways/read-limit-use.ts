import { getDb, runStatement } from "../../platform/db";
import { gatewaySubject, RATE_WINDOW_SECONDS, toRateLimits } from "../../engine/routing/rate-limits";

import type { LimitUse } from "../../validation/limit-use";

export type { LimitUse };

type LimitColumns = { id: string; perMinuteLimit: number | null; perHourLimit: number | null; perDayLimit: number | null };

const PER: Record<number, LimitUse["per"]> = { [RATE_WINDOW_SECONDS.minute]: "minute", [RATE_WINDOW_SECONDS.hour]: "hour", [RATE_WINDOW_SECONDS.day]: "day" };

/**
 * Each gateway's limits with their use in the current windows (rate_windows, the shared count routing reserves in),
 * by gateway id; a gateway without limits has []. One statement on the primary key, whatever the number of gateways.
 */
export async function readGatewayLimitUse(gateways: LimitColumns[]): Promise<Map<string, LimitUse[]>> {
  const wanted = gateways.flatMap((gateway) => toRateLimits(gateway).map((limit) => ({ id: gateway.id, ...limit })));
  const used = new Map<string, number>();
  if (wanted.length > 0) {
    const rows = await runStatement<{ subject: string; windowSeconds: number; used: number }>(
      `SELECT w.subject, w.window_seconds AS "windowSeconds", w.used
         FROM unnest($1::text[], $2::int[]) AS d(subject, window_seconds)
         JOIN rate_windows w ON w.subject = d.subject AND w.window_seconds = d.window_seconds
          AND w.window_start = to_timestamp(floor(extract(epoch FROM now()) / d.window_seconds) * d.window_seconds)`,
      [wanted.map((limit) => gatewaySubject(limit.id)), wanted.map((limit) => limit.windowSeconds)],
    );
    for (const row of rows) used.set(`${row.subject}/${row.windowSeconds}`, Number(row.used));
  }
  return new Map(
    gateways.map((gateway) => [
      gateway.id,
      toRateLimits(gateway).map((limit) => ({ per: PER[limit.windowSeconds], limit: limit.limit, used: used.get(`${gatewaySubject(gateway.id)}/${limit.windowSeconds}`) ?? 0 })),
    ]),
  );
}

/** readGatewayLimitUse for every gateway (the overview): one read of the limits, one of their windows. */
export async function readLimitUseOfAllGateways(): Promise<Map<string, LimitUse[]>> {
  const gateways = await getDb().gateway.findMany({ select: { id: true, perMinuteLimit: true, perHourLimit: true, perDayLimit: true } });
  return readGatewayLimitUse(gateways);
}
