import { getDb } from "../../platform/db";
import { Prisma, type AttemptOutcome } from "../../generated/prisma/client";
import { CATEGORY_OF, zeroCounts, type OutcomeCounts } from "./outcome-categories";

/** One chart's data: `at[i]` (ISO 8601, start of the step) with the counts of that step, oldest first. */
export type OutcomeSeries = { at: string[]; delivered: number[]; deferred: number[]; failed: number[] };

/** Per-gateway and overall series of one resolution; gateway ids are the rollup's (nil UUID: no gateway). */
export type SeriesSet = { overall: OutcomeSeries; byGateway: Record<string, OutcomeSeries> };

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Delivery attempts per minute over the last hour (60 steps, the current minute last). */
export function readPerMinuteSeries(now = new Date()): Promise<SeriesSet> {
  return readSeries({ stepMs: MINUTE_MS, steps: 60, now });
}

/** Delivery attempts per hour over the last 7 days (168 steps, the current hour last). */
export function readPerHourSeries(now = new Date()): Promise<SeriesSet> {
  return readSeries({ stepMs: HOUR_MS, steps: 168, now });
}

/**
 * Reads a rollup (delivery_outcomes_per_minute or _per_hour: one row per step, gateway and outcome, primary key led
 * by the step, so the range is an index scan of at most steps × gateways × outcomes rows) and fills missing steps
 * with zeros. Steps are UTC-aligned (whole minutes, whole hours).
 */
async function readSeries({ stepMs, steps, now }: { stepMs: number; steps: number; now: Date }): Promise<SeriesSet> {
  const last = Math.floor(now.getTime() / stepMs) * stepMs;
  const first = new Date(last - (steps - 1) * stepMs);
  const rows = await getDb().$queryRaw<{ step: Date; gatewayId: string; outcome: AttemptOutcome; attempts: number }[]>(
    stepMs === HOUR_MS
      ? Prisma.sql`SELECT hour AS step, gateway_id::text AS "gatewayId", outcome, attempts FROM delivery_outcomes_per_hour WHERE hour >= ${first}`
      : Prisma.sql`SELECT minute AS step, gateway_id::text AS "gatewayId", outcome, attempts FROM delivery_outcomes_per_minute WHERE minute >= ${first}`,
  );
  const at = Array.from({ length: steps }, (_, i) => new Date(first.getTime() + i * stepMs).toISOString());
  const empty = (): OutcomeSeries => ({ at, delivered: new Array(steps).fill(0), deferred: new Array(steps).fill(0), failed: new Array(steps).fill(0) });
  const overall = empty();
  const byGateway: Record<string, OutcomeSeries> = {};
  for (const row of rows) {
    const index = Math.round((row.step.getTime() - first.getTime()) / stepMs);
    if (index < 0 || index >= steps) continue;
    const category = CATEGORY_OF[row.outcome];
    overall[category][index] += row.attempts;
    (byGateway[row.gatewayId] ??= empty())[category][index] += row.attempts;
  }
  return { overall, byGateway };
}

/**
 * Attempts per gateway since `since` (the last hour, the last 24 h), as the three categories: whole hours from
 * delivery_outcomes_per_hour, the minutes before the first whole hour from delivery_outcomes_per_minute — at most
 * 24 + 60 rows per gateway and outcome, where minutes alone would be 1,440 for a day.
 */
export async function readOutcomeTotals(since: Date): Promise<{ overall: OutcomeCounts; byGateway: Map<string, OutcomeCounts> }> {
  const firstWholeHour = new Date(Math.ceil(since.getTime() / HOUR_MS) * HOUR_MS);
  const rows = await getDb().$queryRaw<{ gatewayId: string; outcome: AttemptOutcome; attempts: number }[]>`
    SELECT gateway_id::text AS "gatewayId", outcome, sum(attempts)::int AS attempts
      FROM (SELECT gateway_id, outcome, attempts FROM delivery_outcomes_per_hour WHERE hour >= ${firstWholeHour}
            UNION ALL
            SELECT gateway_id, outcome, attempts FROM delivery_outcomes_per_minute WHERE minute >= ${since} AND minute < ${firstWholeHour}) AS r
     GROUP BY 1, 2`;
  const overall = zeroCounts();
  const byGateway = new Map<string, OutcomeCounts>();
  for (const row of rows) {
    const category = CATEGORY_OF[row.outcome];
    overall[category] += row.attempts;
    const counts = byGateway.get(row.gatewayId) ?? zeroCounts();
    counts[category] += row.attempts;
    byGateway.set(row.gatewayId, counts);
  }
  return { overall, byGateway };
}
