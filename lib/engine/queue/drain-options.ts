import type { RateWindowLengths } from "../routing/rate-limits";
import type { TransportSettings } from "../delivery/transport-options";

export type DrainOptions = {
  /** Stop claiming once this many messages were claimed in this call. */
  maxMessages?: number;
  /** Stop claiming after this long (what was claimed is always sent and recorded). */
  maxMs?: number;
  /** The most messages this call holds leased at once (claimed, not yet recorded); see DEFAULT_BATCH_SIZE. */
  batchSize?: number;
  /** Sends in flight at once; pooled SMTP sessions carry them. */
  concurrency?: number;
  /** Sends in flight to one gateway per session it may open; see SENDS_PER_GATEWAY_SESSION. */
  sendsPerGatewaySession?: number;
  /** How long a message waits for a place at its gateway before it is given back unsent; see DEFAULT_GATEWAY_WAIT_MS. */
  gatewayWaitMs?: number;
  /** For the logs only. */
  workerId?: string;
  /** How long a claim is ours; renewed every third of it while any of its messages is unrecorded. */
  leaseSeconds?: number;
  /** Overrides for the gateway connections (timeouts in tests). */
  transport?: Partial<TransportSettings>;
  /** Claims `batchSize` is split into: each claim is one statement, and recorded as one group when its sends are fast. */
  pipelineDepth?: number;
  /** Once the backlog is gone, the least time between claims, so trickling mail is claimed in groups. */
  gatherMs?: number;
  /** While sends are outstanding and the queue looked empty, claim again after this long (retries come due unannounced). */
  idlePollMs?: number;
  /** Resolves at the next NOTIFY on the queue channel, so mail queued during a long send is claimed at once. */
  nextWake?: () => Promise<void>;
  /** Stops claiming (shutdown); whatever was claimed is still sent and recorded. */
  signal?: AbortSignal;
  /** Lengths of the per-minute/hour/day limit windows: RATE_WINDOW_SECONDS unless a test shortens them. */
  rateWindowSeconds?: RateWindowLengths;
};

/** Messages by their state after this call: delivered includes partially delivered; deferred are still queued. */
export type DrainResult = { claimed: number; delivered: number; deferred: number; failed: number };

/**
 * Messages a worker holds leased at once, over all its claims: the most a `kill -9` can make it send twice (the
 * reliability suite checks this bound). A claim is made whenever there is room under it, also while slow sends
 * hold part of it. Fewer left the SMTP sessions waiting on the database round trips (bench/RESULTS.md, run 4).
 */
export const DEFAULT_BATCH_SIZE = 200;
/** Claims of 50: one statement each, and one record statement each when the sends are fast (bench/RESULTS.md, run 6). */
export const DEFAULT_PIPELINE_DEPTH = 4;
/** Adds at most this much queue time to a message when the queue is nearly empty; see drainQueue. */
export const DEFAULT_GATHER_MS = 50;
/** Sends in flight per worker, queued over the gateways' pooled sessions (10 per gateway). */
export const DEFAULT_SEND_CONCURRENCY = 100;
/**
 * Sends in flight to one gateway, per session it may open (so 50 with the default 10 sessions, half the shared 100):
 * a gateway that answers slowly can take no more of the shared `concurrency` than this. 2 cost the workers ~20 % more
 * CPU per message in a quick bench A/B (fewer sends queued per session); 5 matched the figures from before.
 */
export const SENDS_PER_GATEWAY_SESSION = 5;
/**
 * A message that waited this long for a place at its gateway is given back to the queue unsent (not counted as an
 * attempt) and comes due again as long after. A gateway that answers in milliseconds frees places long before; one
 * that takes minutes per message (RFC 5321 §4.5.3.2.6) would otherwise fill all `batchSize` held places with its own
 * backlog, and no mail for any other gateway would be claimed until its sends finished.
 */
export const DEFAULT_GATEWAY_WAIT_MS = 5_000;
/** A finished send waits at most this long for the rest of its claim before it is recorded without them. */
export const RECORD_GATHER_MS = 100;
/** A gateway that failed as a whole is skipped by every worker for this long (shared through gateway_health). */
export const GATEWAY_COOLDOWN_SECONDS = 30;
/** Short enough that a crashed worker's messages come back soon; live workers renew it while they send. */
export const DEFAULT_LEASE_SECONDS = 120;
