import { getEnv } from "../../platform/env";
import { log } from "../../platform/log";
import { claimMessages } from "./claim-messages";
import { createClaimShared, refreshSettings, type Recorded } from "./claim-shared";
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_GATHER_MS,
  DEFAULT_LEASE_SECONDS,
  DEFAULT_PIPELINE_DEPTH,
  DEFAULT_SEND_CONCURRENCY,
  type DrainOptions,
  type DrainResult,
} from "./drain-options";
import { processClaim } from "./process-claim";
import { sleep, waitAtMost } from "./wait-at-most";
import { withLeaseRenewal } from "./with-lease-renewal";

export type { DrainOptions, DrainResult } from "./drain-options";
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_GATEWAY_WAIT_MS,
  DEFAULT_GATHER_MS,
  DEFAULT_LEASE_SECONDS,
  DEFAULT_PIPELINE_DEPTH,
  DEFAULT_SEND_CONCURRENCY,
  GATEWAY_COOLDOWN_SECONDS,
  RECORD_GATHER_MS,
  SENDS_PER_GATEWAY_SESSION,
} from "./drain-options";

const DEFAULT_IDLE_POLL_MS = 250;

/**
 * Drains due messages: claim, route, send each message through its gateways, record the outcomes, until the queue
 * is empty or a limit is reached. Safe to run in any number of processes at once.
 *
 * This file is the claiming loop; each claim is routed, sent and recorded by processClaim. Every message moves on
 * its own: it is sent as soon as a place under the shared `concurrency` and under its gateway's own limit frees up,
 * and recorded with whatever else of its claim finished by then (createGroupRecorder), so a gateway that takes
 * minutes to answer holds only its own messages and its own places, never the mail for other gateways. Claims go on
 * whenever fewer than `batchSize` messages are held. Every claim keeps its lease (renewed) until its last message is
 * recorded, also when a limit, an abort or an error stops further claims.
 */
export async function drainQueue(options: DrainOptions = {}): Promise<DrainResult> {
  const {
    maxMessages = 1000,
    maxMs = 30_000,
    batchSize = DEFAULT_BATCH_SIZE,
    concurrency = getEnv().OUTGATE_SEND_CONCURRENCY ?? DEFAULT_SEND_CONCURRENCY,
    workerId = "worker",
    pipelineDepth = DEFAULT_PIPELINE_DEPTH,
    gatherMs = DEFAULT_GATHER_MS,
    idlePollMs = DEFAULT_IDLE_POLL_MS,
  } = options;
  const startedAt = Date.now();
  const totals: DrainResult = { claimed: 0, delivered: 0, deferred: 0, failed: 0 };
  const leaseSeconds = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  const maxHeld = Math.max(1, batchSize);
  const claimSize = Math.max(1, Math.ceil(maxHeld / Math.max(1, pipelineDepth)));
  const shared = await createClaimShared({ ...options, workerId }, concurrency);

  // Everything that may let the loop claim again: a group recorded (room, maybe a DSN queued), a NOTIFY, the abort.
  let events = 0;
  let signalEvent = () => {};
  let eventHappened = new Promise<void>((resolve) => (signalEvent = resolve));
  const notify = () => {
    events += 1;
    signalEvent();
    eventHappened = new Promise<void>((resolve) => (signalEvent = resolve));
  };
  // Null when something happened since `since` (checked before the await that preceded it): never a lost wake-up.
  const nextEvent = (ms: number, since: number) => (events !== since ? null : waitAtMost(ms, [eventHappened, options.nextWake?.()]));
  options.signal?.addEventListener("abort", notify);

  let held = 0;
  const claims = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  const onRecorded = (counts: Recorded) => {
    held -= counts.released;
    totals.delivered += counts.delivered;
    totals.deferred += counts.deferred;
    totals.failed += counts.failed;
    notify();
  };
  // A claim that came back short means the backlog is gone and mail trickles in: the next claim waits for a group to
  // be recorded (or a wake-up) and at least `gatherMs`, so it takes what arrived meanwhile in one statement and one
  // commit instead of a few messages each — the CPU this saves is the API's when both share a machine.
  let caughtUp = false;
  let waitedForRoom = false;
  let lastClaimAt = 0;
  try {
    while (!failure && totals.claimed < maxMessages && Date.now() - startedAt < maxMs && !options.signal?.aborted) {
      const seen = events;
      if (caughtUp) {
        caughtUp = false;
        await Promise.all([held > 0 ? nextEvent(idlePollMs, seen) : null, sleep(gatherMs - (Date.now() - lastClaimAt))]);
        continue;
      }
      const wanted = Math.min(claimSize, maxMessages - totals.claimed);
      const room = maxHeld - held;
      // Less room than a claim: wait once for more to be recorded (at most gatherMs with room, for as long as it takes
      // without), then take what there is, so slow sends holding part of the room never stop the claims.
      if (room <= 0 || (room < wanted && !waitedForRoom)) {
        waitedForRoom = room > 0;
        await nextEvent(room > 0 ? gatherMs : idlePollMs, seen);
        continue;
      }
      waitedForRoom = false;
      await refreshSettings(shared);
      const limit = Math.min(wanted, room);
      const claim = await claimMessages({ limit, leaseSeconds });
      if (claim.messages.length === 0) {
        // Empty for now; sends still out may queue more (DSNs), and retries come due without a NOTIFY: look again.
        if (held === 0) break;
        await nextEvent(idlePollMs, seen);
        continue;
      }
      lastClaimAt = Date.now();
      totals.claimed += claim.messages.length;
      held += claim.messages.length;
      caughtUp = claim.messages.length < limit;
      const running: Promise<void> = withLeaseRenewal(claim.leaseToken, leaseSeconds, () => processClaim(claim, shared, onRecorded))
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => claims.delete(running));
      claims.add(running);
    }
  } catch (error) {
    failure ??= { error };
  }
  // Whatever was claimed is sent and recorded before returning (stop() waits for this).
  await Promise.all(claims);
  options.signal?.removeEventListener("abort", notify);
  if (failure) throw failure.error;
  if (totals.claimed > 0) log("info", "drain.done", { workerId, ...totals, durationMs: Date.now() - startedAt });
  return totals;
}
