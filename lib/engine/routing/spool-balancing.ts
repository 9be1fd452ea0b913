import { getDb } from "../../platform/db";
import { getProcessSingleton } from "../../platform/process-singleton";
import { createSpoolBalancer } from "./order-by-spool";
import { cachedSpoolGatewayIds, peekSpoolCounts, recordSpoolAssignment, SPOOL_COUNT_MAX_AGE_MS } from "../smartermail/spool-count-cache";
import { readSmarterMailSpool, SMARTERMAIL_ACCESS_SELECT } from "./read-gateway-spool-counts";

/** Readings older than this no longer rank gateways: two cache intervals, so one slow refresh is tolerated. */
export const SPOOL_BALANCING_MAX_AGE_MS = 2 * SPOOL_COUNT_MAX_AGE_MS;

/**
 * LEAST_SPOOL balancing for one routing batch: the ring-ordering function `chooseGateways` applies to its
 * round-robin ring. Uses the readings already cached (never waits on a server), starts a refresh for the next
 * batch, and counts each pick so consecutive batches spread too. Missing/stale counts → plain round robin.
 */
export function createSpoolBalancerForRouting(now = Date.now()) {
  refreshSpoolCountsInBackground(now);
  const readings = peekSpoolCounts(cachedSpoolGatewayIds(), { maxAgeMs: SPOOL_BALANCING_MAX_AGE_MS, now });
  return createSpoolBalancer(readings, { maxAgeMs: SPOOL_BALANCING_MAX_AGE_MS, now, onPick: recordSpoolAssignment });
}

// One throttle per process (getProcessSingleton), like the cache it fills, whatever module copy calls it.
const lastRefresh = getProcessSingleton("outgate.routing.last-spool-refresh", () => ({ at: 0 }));

/**
 * For routing with LEAST_SPOOL balancing: starts reading the SmarterMail spools of the enabled round-robin
 * gateways into the cache, at most once per interval, and returns at once — the caller uses whatever fresh
 * readings `peekSpoolCounts` has and falls back to plain round robin otherwise. Never throws.
 */
export function refreshSpoolCountsInBackground(now = Date.now()): void {
  if (now - lastRefresh.at < SPOOL_COUNT_MAX_AGE_MS / 2) return;
  lastRefresh.at = now;
  void getDb()
    .gateway.findMany({
      where: { enabled: true, type: "ROUND_ROBIN", smartermailEnabled: true },
      select: SMARTERMAIL_ACCESS_SELECT,
    })
    .then((gateways) => Promise.all(gateways.map((gateway) => readSmarterMailSpool(gateway))))
    .catch(() => {
      // The next batch tries again; routing already fell back to plain round robin.
    });
}
