import { getDb } from "../../platform/db";
import type { AttemptOutcome } from "../../generated/prisma/client";
import { countHeldPerGateway, countQueuedPerGateway, type QueuedCounts } from "../../engine/routing/count-queued-per-gateway";
import { countMessagesInFlight } from "../../engine/queue/count-messages-in-flight";
import { listGatewayHealth, type GatewayHealthView } from "../gateways/list-gateway-health";

/** One row of delivery_attempt_totals: attempts ever logged for a gateway, outcome and duration bucket. */
export type AttemptTotalRow = { gatewayId: string; outcome: AttemptOutcome; durationLeMs: number; attempts: number; durationMsSum: number };

/** What one scrape reads from Postgres, so every process answers the same and counters survive restarts. */
export type MetricsSnapshot = {
  queued: Map<string, QueuedCounts>;
  /** Messages a worker holds right now (leased): being delivered. */
  inFlight: number;
  /** Messages held by an admin (status HELD). */
  held: number;
  /** The same per gateway, attributed as `queued` is (countHeldPerGateway). */
  heldPerGateway: Map<string, number>;
  totals: AttemptTotalRow[];
  health: GatewayHealthView[];
  /** Every gateway's description by id, for the `gateway` label (health lists them all). */
  names: Map<string, string>;
};

/** Five small queries at once; none reads delivery_attempts (the totals table is kept by completeMessages). */
export async function readMetricsSnapshot(now = new Date()): Promise<MetricsSnapshot> {
  const [queued, totals, health, heldPerGateway, inFlight] = await Promise.all([
    countQueuedPerGateway(now),
    getDb().$queryRaw<AttemptTotalRow[]>`
      SELECT gateway_id::text AS "gatewayId", outcome, duration_le_ms AS "durationLeMs",
             attempts::float8 AS attempts, duration_ms_sum::float8 AS "durationMsSum"
        FROM delivery_attempt_totals`,
    listGatewayHealth(now),
    countHeldPerGateway(),
    countMessagesInFlight(),
  ]);
  const held = [...heldPerGateway.values()].reduce((sum, n) => sum + n, 0);
  return { queued, inFlight, held, heldPerGateway, totals, health, names: new Map(health.map((gateway) => [gateway.gatewayId, gateway.description])) };
}
