import { getEnv } from "../../platform/env";
import { getHostName } from "../../platform/host-name";
import { log } from "../../platform/log";
import { chooseGatewaysForBatch, countRoundRobinRoutes } from "../routing/choose-gateways";
import { deliverMessage, type DeliveryContext } from "../delivery/deliver-message";
import { coolDownGateway, endGatewayCooldown } from "../routing/gateway-cooldown";
import { createRoutingTableCache, type RoutingTableCache } from "../routing/load-routing-table";
import { reserveRoundRobinSlots } from "../routing/reserve-round-robin-slots";
import type { TransportSettings } from "../delivery/transport-options";
import type { DeliverySettingsValues } from "../../validation/delivery-settings";
import { getDeliverySettings } from "./get-delivery-settings";
import { claimMessages, type Claim } from "./claim-messages";
import { completeMessages } from "./complete-messages";
import { extendLease } from "./extend-lease";
import { prepareBounce } from "./prepare-bounce";
import { retryWhileDatabaseDown } from "./retry-while-database-down";
import { createLimiter, type Limiter } from "./create-limiter";

export type DrainOptions = {
  /** Stop claiming once this many messages were claimed in this call. */
  maxMessages?: number;
  /** Stop claiming new batches after this long (a batch in progress is always finished). */
  maxMs?: number;
  batchSize?: number;
  /** Messages of a batch in flight at once; pooled SMTP sessions carry them. */
  concurrency?: number;
  /** For the logs only. */
  workerId?: string;
  /** How long a claim is ours. Must outlast a batch, or another worker would send the same message again. */
  leaseSeconds?: number;
  /** Overrides for the gateway connections (timeouts in tests). */
  transport?: Partial<TransportSettings>;
  /**
   * Batches claimed and not yet recorded at once: the next batches are claimed and routed while others send, and
   * their sends start as soon as places free up, while finished batches are recorded in the background.
   * `batchSize` is split over them, so a worker never holds more than `batchSize` messages (what a crash can
   * make it send twice).
   */
  pipelineDepth?: number;
  /** Once the backlog is gone, the least time between claims, so trickling mail is claimed in groups. */
  gatherMs?: number;
  /** Stops claiming further batches (shutdown); the batches in flight are still finished and recorded. */
  signal?: AbortSignal;
};

/** Messages by their state after this call: delivered includes partially delivered; deferred are still queued. */
export type DrainResult = { claimed: number; delivered: number; deferred: number; failed: number };

/**
 * Messages a worker holds at once (split over the pipelined claims): the most a `kill -9` can make it send twice.
 * Fewer left the SMTP sessions waiting on the database round trips between batches, not on CPU (bench/RESULTS.md,
 * run 4).
 */
export const DEFAULT_BATCH_SIZE = 200;
/**
 * 4 × 50 rather than 2 × 100: a batch is only recorded, and the next one claimed, once its slowest message is sent,
 * so with 2 the sessions sat idle between batches (bench/RESULTS.md, run 6).
 */
export const DEFAULT_PIPELINE_DEPTH = 4;
/** Adds at most this much queue time to a message when the queue is nearly empty; see drainQueue. */
export const DEFAULT_GATHER_MS = 50;
/** Sends in flight per worker, queued over the gateways' pooled sessions (10 per gateway). */
export const DEFAULT_SEND_CONCURRENCY = 100;
/** A gateway that failed as a whole is skipped by every worker for this long (shared through gateway_health). */
export const GATEWAY_COOLDOWN_SECONDS = 30;
/** Short enough that a crashed worker's messages come back soon; live workers renew it while they send. */
export const DEFAULT_LEASE_SECONDS = 120;

/**
 * Drains due messages: claim a batch, route it, send each message through its gateways, record the outcomes,
 * and repeat until the queue is empty or a limit is reached. Safe to run in any number of processes at once.
 *
 * Pipelined: up to `pipelineDepth` batches are in flight, so the SMTP sessions are not idle while the database
 * claims the next batch or records the last one. Sends of all batches share one `concurrency` limit. Every batch
 * keeps its own lease (renewed while in flight) and is always recorded, also when a limit, an abort or an error
 * stops further claims.
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
  } = options;
  const startedAt = Date.now();
  const settings = await getDeliverySettings();
  const totals: DrainResult = { claimed: 0, delivered: 0, deferred: 0, failed: 0 };
  const leaseSeconds = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  const depth = Math.max(1, pipelineDepth);
  const claimSize = Math.max(1, Math.ceil(batchSize / depth));
  const shared: BatchShared = {
    settings,
    routing: createRoutingTableCache({ balancing: settings.balancing }),
    send: createLimiter(concurrency),
    options: { ...options, workerId },
  };

  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  // A claim that came back short means the backlog is gone and mail trickles in: the next claim waits for the
  // batch in flight and at least `gatherMs`, so it takes what arrived meanwhile in one statement and one commit
  // instead of a few messages each — the CPU this saves is the API's when both share a machine.
  let caughtUp = false;
  let lastClaimAt = 0;
  while (!failure && totals.claimed < maxMessages && Date.now() - startedAt < maxMs && !options.signal?.aborted) {
    if (caughtUp) {
      caughtUp = false;
      await Promise.all([inFlight.size > 0 ? Promise.race(inFlight) : null, sleep(gatherMs - (Date.now() - lastClaimAt))]);
      continue;
    }
    if (inFlight.size >= depth) {
      await Promise.race(inFlight);
      continue;
    }
    let claim: Claim;
    try {
      claim = await claimMessages({ limit: Math.min(claimSize, maxMessages - totals.claimed), leaseSeconds });
    } catch (error) {
      failure = { error };
      break;
    }
    if (claim.messages.length === 0) {
      // Empty for now; a batch still in flight may queue more (DSNs, like the serial loop picked up): look again after it.
      if (inFlight.size === 0) break;
      await Promise.race(inFlight);
      continue;
    }
    lastClaimAt = Date.now();
    totals.claimed += claim.messages.length;
    caughtUp = claim.messages.length < claimSize;
    const batch: Promise<void> = withLeaseRenewal(claim.leaseToken, leaseSeconds, () => processBatch(claim, shared))
      .then(
        (counts) => {
          totals.delivered += counts.delivered;
          totals.deferred += counts.deferred;
          totals.failed += counts.failed;
        },
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .finally(() => inFlight.delete(batch));
    inFlight.add(batch);
  }
  // Whatever was claimed is sent and recorded before returning (stop() waits for this).
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  if (totals.claimed > 0) log("info", "drain.done", { workerId, ...totals, durationMs: Date.now() - startedAt });
  return totals;
}

/** What the batches of one drain share: settings read once, the routing cache and the send limit. */
type BatchShared = {
  settings: DeliverySettingsValues;
  routing: RoutingTableCache;
  send: Limiter;
  options: DrainOptions & { workerId: string };
};

function sleep(ms: number): Promise<void> | null {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : null;
}

/** Renews the batch's lease every third of its length until `work` is done. */
async function withLeaseRenewal<T>(leaseToken: string, leaseSeconds: number, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {
    extendLease(leaseToken, leaseSeconds).catch((error) => log("error", "drain.lease_renewal_failed", { error }));
  }, Math.max(100, (leaseSeconds * 1000) / 3));
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

async function processBatch(claim: Claim, { settings, routing, send, options }: BatchShared): Promise<Omit<DrainResult, "claimed">> {
  const { messages, leaseToken } = claim;
  const env = getEnv();
  const senderDomains = messages.map((message) => message.senderDomain);
  const table = await routing.load(senderDomains);
  const start = await reserveRoundRobinSlots(countRoundRobinRoutes(senderDomains, table));
  const routes = chooseGatewaysForBatch(senderDomains, table, start);

  const context: DeliveryContext = {
    failedGateways: new Map(),
    onGatewayFailure: (gateway, reason) => {
      // The next batch must see the cool-down, not the cached rows from before it.
      routing.invalidate();
      return coolDownGateway(gateway.id, GATEWAY_COOLDOWN_SECONDS, reason).catch((error) =>
        log("error", "gateway.cooldown_failed", { gatewayId: gateway.id, error }),
      );
    },
    transportSettings: { ehloName: (await getHostName()).name, maxConnections: env.OUTGATE_GATEWAY_CONNECTIONS, ...options.transport },
  };
  const reports = await Promise.all(
    messages.map((message, index) =>
      send(() =>
        deliverMessage(
          { id: message.id, messageId: message.messageId, envelopeFrom: message.envelopeFrom, raw: message.raw, recipients: message.recipients.map((r) => r.address) },
          routes[index],
          context,
        ),
      ),
    ),
  );

  // The mail is out: if Postgres is down now, wait for it (within the lease) rather than let the batch go again.
  const leaseSeconds = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  const completed = await retryWhileDatabaseDown(
    () =>
      completeMessages({
        leaseToken,
        completions: messages.map((message, index) => ({ message, report: reports[index] })),
        schedule: { delaysSeconds: settings.retryDelaysSeconds, maxLifetimeSeconds: settings.maxLifetimeSeconds },
        prepareBounce: (message, failed, report) =>
          getHostName().then(({ name }) => prepareBounce(message, failed, report, { bouncesEnabled: settings.bouncesEnabled, reportingMta: name })),
      }),
    { maxMs: (leaseSeconds * 1000) / 2, what: "complete_batch" },
  );

  const recovered = table.gateways
    .filter((gateway) => gateway.coolingDown && reports.some((report) => report.gatewayId === gateway.id))
    .map((gateway) => gateway.id);
  if (recovered.length > 0) {
    await endGatewayCooldown(recovered);
    routing.invalidate();
  }

  const lost = completed.filter((message) => message.status === "lost");
  if (lost.length > 0) log("warn", "drain.lease_lost", { workerId: options.workerId, ids: lost.map((message) => message.id) });
  return {
    delivered: completed.filter((m) => m.status === "DELIVERED" || m.status === "PARTIALLY_DELIVERED").length,
    deferred: completed.filter((m) => m.status === "QUEUED").length,
    failed: completed.filter((m) => m.status === "FAILED").length,
  };
}
