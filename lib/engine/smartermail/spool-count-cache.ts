import { getProcessSingleton } from "../../platform/process-singleton";
import type { SpoolCounts } from "./client";
import { SmarterMailError, toSmarterMailErrorData, type SmarterMailErrorData } from "./smartermail-error";

/** One gateway's latest spool reading: how many messages wait there, and when that was read (ms epoch). */
export type SpoolReading = { count: number; readAt: number };

/** One reading of a gateway's SmarterMail spool, or why there is none. `readAt` is ms since the epoch. */
export type SpoolCountResult =
  | { ok: true; default: number; waiting: number; readAt: number }
  | { ok: false; error: SmarterMailErrorData; readAt: number };

type Entry = {
  fingerprint: string;
  result?: SpoolCountResult;
  pending?: Promise<SpoolCountResult>;
  /** Messages this process routed to the gateway since `result` was read (see recordSpoolAssignment). */
  assignedSinceReading?: number;
};

/**
 * How long a reading (or a failure) is reused: a SmarterMail server is asked at most this often (a dead one costs one
 * timeout per interval), however often the grid polls (every 5 s, for Outgate's own counts).
 */
export const SPOOL_COUNT_MAX_AGE_MS = 30_000;

// One per process (getProcessSingleton): route handlers, server actions and the in-process drain loop live in
// different module copies, and all of them must see the same readings.
const cache = getProcessSingleton("outgate.smartermail.spool-count-cache", () => new Map<string, Entry>());

/**
 * The gateway's spool counts, reading them through `read` only when the cached reading is older than
 * `maxAgeMs` or was taken with other settings (`fingerprint` changes when the gateway is edited).
 * Concurrent callers share one read in flight. Never rejects: a failure is a result too, and is cached for
 * the same interval so a dead server costs one timeout per interval, not one per page load.
 */
export function getSpoolCount(
  gatewayId: string,
  fingerprint: string,
  read: () => Promise<SpoolCounts>,
  { maxAgeMs = SPOOL_COUNT_MAX_AGE_MS, now = Date.now() }: { maxAgeMs?: number; now?: number } = {},
): Promise<SpoolCountResult> {
  const entry = cache.get(gatewayId);
  const current = entry?.fingerprint === fingerprint ? entry : undefined;
  if (current?.result && now - current.result.readAt <= maxAgeMs) return Promise.resolve(current.result);
  if (current?.pending) return current.pending;

  const pending = read().then(
    (counts): SpoolCountResult => ({ ok: true, default: counts.default, waiting: counts.waiting, readAt: Date.now() }),
    (error: unknown): SpoolCountResult => ({ ok: false, error: toErrorData(error), readAt: Date.now() }),
  );
  cache.set(gatewayId, { fingerprint, result: current?.result, assignedSinceReading: current?.assignedSinceReading, pending });
  return pending.then((result) => {
    // A newer read (the gateway was edited meanwhile) wins over this one.
    if (cache.get(gatewayId)?.pending === pending) cache.set(gatewayId, { fingerprint, result });
    return result;
  });
}

/**
 * Successful readings no older than `maxAgeMs`, as `orderBySpool` wants them: count = the `default` spool
 * plus what this process has routed there since the reading. Never reads a server: routing must not wait.
 */
export function peekSpoolCounts(gatewayIds: Iterable<string>, { maxAgeMs = SPOOL_COUNT_MAX_AGE_MS * 2, now = Date.now() } = {}): Map<string, SpoolReading> {
  const readings = new Map<string, SpoolReading>();
  for (const id of gatewayIds) {
    const entry = cache.get(id);
    const result = entry?.result;
    if (result?.ok && now - result.readAt <= maxAgeMs) readings.set(id, { count: result.default + (entry?.assignedSinceReading ?? 0), readAt: result.readAt });
  }
  return readings;
}

/**
 * Routing sent a message to the gateway: until the next reading, count it as one more in its spool, so
 * batches between two readings do not all pick the same "emptiest" gateway.
 */
export function recordSpoolAssignment(gatewayId: string): void {
  const entry = cache.get(gatewayId);
  if (entry?.result?.ok) entry.assignedSinceReading = (entry.assignedSinceReading ?? 0) + 1;
}

/** Every gateway with a cached entry (for routing, which then keeps only the round-robin ones it has). */
export function cachedSpoolGatewayIds(): string[] {
  return [...cache.keys()];
}

/** Drops the entries of gateways that no longer exist or left SmarterMail mode. */
export function keepSpoolCountsOf(gatewayIds: Iterable<string>): void {
  const keep = new Set(gatewayIds);
  for (const id of cache.keys()) if (!keep.has(id)) cache.delete(id);
}

/** For tests. */
export function clearSpoolCountCache(): void {
  cache.clear();
}

function toErrorData(error: unknown): SmarterMailErrorData {
  if (error instanceof SmarterMailError) return toSmarterMailErrorData(error);
  const details = error instanceof Error ? error.message : String(error);
  return { kind: "unexpected_answer", message: "unexpected answer", details };
}
