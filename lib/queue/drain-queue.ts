import { getEnv } from "../env";
import { log } from "../log";
import { chooseGatewaysForBatch, countRoundRobinRoutes } from "../mail/choose-gateways";
import { deliverMessage, type DeliveryContext } from "../mail/deliver-message";
import { coolDownGateway, endGatewayCooldown } from "../mail/gateway-cooldown";
import { loadRoutingTable } from "../mail/load-routing-table";
import { reserveRoundRobinSlots } from "../mail/reserve-round-robin-slots";
import type { TransportSettings } from "../mail/transport-options";
import { getDeliverySettings, type DeliverySettingsValues } from "../settings/get-delivery-settings";
import { claimMessages, type Claim } from "./claim-messages";
import { completeMessages } from "./complete-messages";
import { extendLease } from "./extend-lease";
import { prepareBounce } from "./prepare-bounce";
import { runBounded } from "./run-bounded";

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
  /** Stops claiming further batches (shutdown); the batch in flight is still finished and recorded. */
  signal?: AbortSignal;
};

/** Messages by their state after this call: delivered includes partially delivered; deferred are still queued. */
export type DrainResult = { claimed: number; delivered: number; deferred: number; failed: number };

/** A gateway that failed as a whole is skipped by every worker for this long (shared through gateway_health). */
export const GATEWAY_COOLDOWN_SECONDS = 30;
/** Short enough that a crashed worker's messages come back soon; live workers renew it while they send. */
export const DEFAULT_LEASE_SECONDS = 120;

/**
 * Drains due messages: claim a batch, route it, send each message through its gateways, record the outcomes,
 * and repeat until the queue is empty or a limit is reached. Safe to run in any number of processes at once.
 */
export async function drainQueue(options: DrainOptions = {}): Promise<DrainResult> {
  const { maxMessages = 1000, maxMs = 30_000, batchSize = 100, concurrency = 20, workerId = "worker" } = options;
  const startedAt = Date.now();
  const settings = await getDeliverySettings();
  const totals: DrainResult = { claimed: 0, delivered: 0, deferred: 0, failed: 0 };
  const leaseSeconds = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;

  while (totals.claimed < maxMessages && Date.now() - startedAt < maxMs && !options.signal?.aborted) {
    const claim = await claimMessages({ limit: Math.min(batchSize, maxMessages - totals.claimed), leaseSeconds });
    if (claim.messages.length === 0) break;
    totals.claimed += claim.messages.length;
    const counts = await withLeaseRenewal(claim.leaseToken, leaseSeconds, () =>
      processBatch(claim, settings, { ...options, concurrency, workerId }),
    );
    totals.delivered += counts.delivered;
    totals.deferred += counts.deferred;
    totals.failed += counts.failed;
  }
  if (totals.claimed > 0) log("info", "drain.done", { workerId, ...totals, durationMs: Date.now() - startedAt });
  return totals;
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

async function processBatch(
  claim: Claim,
  settings: DeliverySettingsValues,
  options: DrainOptions & { concurrency: number; workerId: string },
): Promise<Omit<DrainResult, "claimed">> {
  const { messages, leaseToken } = claim;
  const env = getEnv();
  const senderDomains = messages.map((message) => message.senderDomain);
  const table = await loadRoutingTable(senderDomains, new Date(), settings.balancing);
  const start = await reserveRoundRobinSlots(countRoundRobinRoutes(senderDomains, table));
  const routes = chooseGatewaysForBatch(senderDomains, table, start);

  const context: DeliveryContext = {
    failedGateways: new Map(),
    onGatewayFailure: (gateway, reason) =>
      coolDownGateway(gateway.id, GATEWAY_COOLDOWN_SECONDS, reason).catch((error) =>
        log("error", "gateway.cooldown_failed", { gatewayId: gateway.id, error }),
      ),
    transportSettings: { ehloName: env.OUTGATE_EHLO_NAME, ...options.transport },
  };
  const reports = await runBounded(messages, options.concurrency, (message, index) =>
    deliverMessage(
      { id: message.id, messageId: message.messageId, envelopeFrom: message.envelopeFrom, raw: message.raw, recipients: message.recipients.map((r) => r.address) },
      routes[index],
      context,
    ),
  );

  const completed = await completeMessages({
    leaseToken,
    completions: messages.map((message, index) => ({ message, report: reports[index] })),
    schedule: { delaysSeconds: settings.retryDelaysSeconds, maxLifetimeSeconds: settings.maxLifetimeSeconds },
    prepareBounce: (message, failed, report) =>
      prepareBounce(message, failed, report, { bouncesEnabled: settings.bouncesEnabled, reportingMta: env.OUTGATE_EHLO_NAME }),
  });

  const recovered = table.gateways
    .filter((gateway) => gateway.coolingDown && reports.some((report) => report.gatewayId === gateway.id))
    .map((gateway) => gateway.id);
  await endGatewayCooldown(recovered);

  const lost = completed.filter((message) => message.status === "lost");
  if (lost.length > 0) log("warn", "drain.lease_lost", { workerId: options.workerId, ids: lost.map((message) => message.id) });
  return {
    delivered: completed.filter((m) => m.status === "DELIVERED" || m.status === "PARTIALLY_DELIVERED").length,
    deferred: completed.filter((m) => m.status === "QUEUED").length,
    failed: completed.filter((m) => m.status === "FAILED").length,
  };
}
