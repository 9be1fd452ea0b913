import { countHeldPerGateway, countQueuedPerGateway, type QueuedCounts } from "../../engine/routing/count-queued-per-gateway";
import { listGatewayHealth, type GatewayHealthState } from "../gateways/list-gateway-health";
import { zeroCounts, type OutcomeCounts } from "./outcome-categories";
import { readOutcomeTotals, readPerHourSeries, readPerMinuteSeries, type SeriesSet } from "./read-outcome-series";
import { readSmtpActivity, type SmtpActivity } from "./read-smtp-activity";
import { readLimitUseOfAllGateways } from "../gateways/read-limit-use";
import type { LimitUse } from "../../validation/limit-use";

/** Queued mail: waiting (due and never tried) and deferred (tried before, or scheduled later), as lib/engine/routing/deferred-sql.ts defines them. */
export type QueueCounts = { waiting: number; deferred: number; /** ISO 8601; null when nothing is queued. */ oldestQueuedAt: string | null };

export type GatewayOverview = {
  gatewayId: string;
  description: string;
  health: GatewayHealthState;
  /** In drain mode: shown as "Draining" beside its health (new mail goes elsewhere). */
  draining: boolean;
  /** The same mail as the grid's Spool Count column ("queued here") = waiting + deferred + held. */
  queue: QueueCounts & { /** Held by an admin, waiting for this gateway once released. */ held: number };
  lastHour: OutcomeCounts;
  lastDay: OutcomeCounts;
  /** Its traffic limits with their use in the current windows (issue 15); [] = unlimited. */
  limits: LimitUse[];
};

/** The console's home page, plain JSON (it is polled by the browser). Counts of delivery attempts, not messages. */
export type Overview = {
  readAt: string;
  queue: QueueCounts;
  /** Messages held by an admin (status HELD, issue 14): queued but never sent until released. */
  held: number;
  lastHour: OutcomeCounts;
  lastDay: OutcomeCounts;
  gateways: GatewayOverview[];
  /** Per minute, last hour; per hour, last 7 days. byGateway keyed by gateway id (the nil UUID: attempts no gateway took). */
  perMinute: SeriesSet;
  perHour: SeriesSet;
  /** The SMTP listener: sessions now, transactions accepted and rejected (issue 16). */
  smtp: SmtpActivity;
};

/**
 * Everything the overview shows, in nine small queries run at once: one scan of the QUEUED rows and one of the HELD
 * rows grouped by gateway, the rollup (delivery_outcomes_per_minute) for 1 h, 24 h, the minute and hour series, gateway health, and the
 * SMTP listener's two small tables (readSmtpActivity).
 * Never reads delivery_attempts, so it stays fast with millions of rows (`npm run bench`, figure overview).
 */
export async function readOverview(now = new Date()): Promise<Overview> {
  const [queued, lastHour, lastDay, perMinute, perHour, health, smtp, held, limits] = await Promise.all([
    countQueuedPerGateway(now),
    readOutcomeTotals(new Date(now.getTime() - 3600_000)),
    readOutcomeTotals(new Date(now.getTime() - 24 * 3600_000)),
    readPerMinuteSeries(now),
    readPerHourSeries(now),
    listGatewayHealth(now),
    readSmtpActivity(now),
    countHeldPerGateway(),
    readLimitUseOfAllGateways(),
  ]);
  return {
    readAt: now.toISOString(),
    queue: sumQueue([...queued.values()]),
    held: [...held.values()].reduce((sum, count) => sum + count, 0),
    lastHour: lastHour.overall,
    lastDay: lastDay.overall,
    gateways: health.map((gateway) => ({
      gatewayId: gateway.gatewayId,
      description: gateway.description,
      health: gateway.state,
      draining: gateway.draining,
      queue: { ...sumQueue(queued.has(gateway.gatewayId) ? [queued.get(gateway.gatewayId)!] : []), held: held.get(gateway.gatewayId) ?? 0 },
      lastHour: lastHour.byGateway.get(gateway.gatewayId) ?? zeroCounts(),
      lastDay: lastDay.byGateway.get(gateway.gatewayId) ?? zeroCounts(),
      limits: limits.get(gateway.gatewayId) ?? [],
    })),
    perMinute,
    perHour,
    smtp,
  };
}

function sumQueue(groups: QueuedCounts[]): QueueCounts {
  const oldest = groups.reduce<Date | null>((min, group) => (!min || group.oldestCreatedAt < min ? group.oldestCreatedAt : min), null);
  return {
    waiting: groups.reduce((sum, group) => sum + group.waiting, 0),
    deferred: groups.reduce((sum, group) => sum + group.deferred, 0),
    oldestQueuedAt: oldest?.toISOString() ?? null,
  };
}
