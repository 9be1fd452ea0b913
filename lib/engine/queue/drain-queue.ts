import { getEnv } from "../../platform/env";
import { getHostName } from "../../platform/host-name";
import { log } from "../../platform/log";
import { deliverMessage, type DeliveryContext, type DeliveryReport } from "../delivery/deliver-message";
import { DEFAULT_SESSION_SETTINGS } from "../delivery/smtp/session-settings";
import { coolDownGateway, endGatewayCooldown, noteGatewaySuccess } from "../routing/gateway-cooldown";
import { createRoutingTableCache, type RoutingTableCache } from "../routing/load-routing-table";
import { routeClaim, type RoutedClaim } from "../routing/route-claim";
import { holdForLimits } from "../routing/hold-for-limits";
import { createSlotGiveBack } from "../routing/give-back-unused-slots";
import type { RateWindowLengths } from "../routing/rate-limits";
import type { TransportSettings } from "../delivery/transport-options";
import type { RoutableGateway } from "../delivery/types";
import type { DeliverySettingsValues } from "../../validation/delivery-settings";
import { getDeliverySettings } from "./get-delivery-settings";
import { claimMessages, type Claim, type ClaimedMessage } from "./claim-messages";
import { completeMessages } from "./complete-messages";
import { createGroupRecorder } from "./create-group-recorder";
import { extendLease } from "./extend-lease";
import { prepareBounce } from "./prepare-bounce";
import { retryWhileDatabaseDown } from "./retry-while-database-down";
import { createLimiter, LimiterWaitTimeout, type Limiter } from "./create-limiter";
import { createGiveBack } from "./give-back-messages";
import { createAnswerRulesCache, type AnswerRulesCache } from "../rules/load-answer-rules";
import { recordRuleFired } from "../rules/record-rule-fired";
import { toEnvelopeDsn } from "./to-envelope-dsn";

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
const DEFAULT_IDLE_POLL_MS = 250;
/** A gateway's last success (gateway health) is written at most this often per drain: not a statement per group. */
const SUCCESS_NOTE_EVERY_MS = 10_000;
/** Mail that waits with no window to wait for (its Specific Domains gateway drains) looks again this often. */
const HOLD_WITHOUT_WINDOW_MS = 30_000;
/** A long drain (the drain loop's) reads the delivery settings again this often. */
const SETTINGS_MAX_AGE_MS = 5_000;

/**
 * Drains due messages: claim, route, send each message through its gateways, record the outcomes, until the queue
 * is empty or a limit is reached. Safe to run in any number of processes at once.
 *
 * Every message moves on its own: it is sent as soon as a place under the shared `concurrency` and under its
 * gateway's own limit frees up, and recorded with whatever else of its claim finished by then
 * (createGroupRecorder), so a gateway that takes minutes to answer holds only its own messages and its own places,
 * never the mail for other gateways. Claims go on whenever fewer than `batchSize` messages are held. Every claim
 * keeps its lease (renewed) until its last message is recorded, also when a limit, an abort or an error stops
 * further claims.
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
  const settings = await getDeliverySettings();
  const shared: ClaimShared = {
    settings,
    settingsReadAt: Date.now(),
    routing: createRoutingTableCache({ balancing: settings.balancing, rateWindows: options.rateWindowSeconds }),
    rules: createAnswerRulesCache(),
    send: createLimiter(concurrency),
    gatewayLimits: new Map(),
    successNotedAt: new Map(),
    options: { ...options, workerId },
  };

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

/** What the claims of one drain share: settings, the routing cache and the send limits. */
type ClaimShared = {
  settings: DeliverySettingsValues;
  settingsReadAt: number;
  routing: RoutingTableCache;
  /** The answer rules and the suspensions they put in force (lib/engine/rules). */
  rules: AnswerRulesCache;
  send: Limiter;
  /** Per gateway (and its session limit): sends in flight to it. */
  gatewayLimits: Map<string, Limiter>;
  /** Per gateway: when this drain last wrote its last success. */
  successNotedAt: Map<string, number>;
  options: DrainOptions & { workerId: string };
};

/** Messages no longer held (recorded, or given up to their lease), and the recorded ones by their new status. */
type Recorded = { released: number; delivered: number; deferred: number; failed: number };

function sleep(ms: number): Promise<void> | null {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : null;
}

/** The first of `events`, or `ms` passing; the timer does not outlive the wait. */
async function waitAtMost(ms: number, events: Array<Promise<void> | undefined>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // An absent event (no nextWake) must not count: Promise.race takes `undefined` as already settled.
    const pending = events.filter((event) => event !== undefined);
    await Promise.race([...pending, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

async function refreshSettings(shared: ClaimShared): Promise<void> {
  if (Date.now() - shared.settingsReadAt < SETTINGS_MAX_AGE_MS) return;
  const settings = await getDeliverySettings();
  if (settings.balancing !== shared.settings.balancing) {
    shared.routing = createRoutingTableCache({ balancing: settings.balancing, rateWindows: shared.options.rateWindowSeconds });
  }
  shared.settings = settings;
  shared.settingsReadAt = Date.now();
}

/** Renews the claim's lease every third of its length until `work` is done (its last message recorded). */
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

/** The limit of sends in flight to `gateway`: `sendsPerGatewaySession` per session it may open. */
function gatewayLimit(gateway: RoutableGateway | undefined, { gatewayLimits, options }: ClaimShared): Limiter | null {
  if (!gateway) return null;
  const configured = gateway.session.maxConnections;
  const processWide = options.transport?.maxConnections ?? getEnv().OUTGATE_GATEWAY_CONNECTIONS;
  const sessions = configured === DEFAULT_SESSION_SETTINGS.maxConnections ? (processWide ?? configured) : configured;
  const key = `${gateway.id}/${sessions}`;
  let limit = gatewayLimits.get(key);
  if (!limit) gatewayLimits.set(key, (limit = createLimiter(sessions * (options.sendsPerGatewaySession ?? SENDS_PER_GATEWAY_SESSION))));
  return limit;
}

async function processClaim(claim: Claim, shared: ClaimShared, onRecorded: (counts: Recorded) => void): Promise<void> {
  const { messages, leaseToken } = claim;
  const { settings, routing, send, options } = shared;
  const env = getEnv();
  let routed: RoutedClaim;
  let table: Awaited<ReturnType<RoutingTableCache["load"]>>;
  let rules: Awaited<ReturnType<AnswerRulesCache["load"]>>;
  try {
    const senderDomains = messages.map((message) => message.senderDomain);
    [table, rules] = await Promise.all([routing.load(senderDomains), shared.rules.load()]);
    // Round-robin turns (weighted) and limit slots for the whole claim: two round trips, not two per message.
    routed = await routeClaim(messages, table);
  } catch (error) {
    // Nothing was sent: the messages come back when their lease runs out.
    onRecorded({ released: messages.length, delivered: 0, deferred: 0, failed: 0 });
    throw error;
  }

  const context: DeliveryContext = {
    failedGateways: new Map(),
    onGatewayFailure: (gateway, reason) => {
      // The next claim must see the cool-down, not the cached rows from before it.
      routing.invalidate();
      return coolDownGateway(gateway.id, GATEWAY_COOLDOWN_SECONDS, reason).catch((error) =>
        log("error", "gateway.cooldown_failed", { gatewayId: gateway.id, error }),
      );
    },
    transportSettings: { ehloName: (await getHostName()).name, maxConnections: env.OUTGATE_GATEWAY_CONNECTIONS, ...options.transport },
    answerRules: rules.rules,
    suspendedGateways: rules.suspended,
    onRuleFired: (gateway, rule, answer) => {
      log("warn", "gateway.rule_fired", { gatewayId: gateway.id, rule: rule.name, action: rule.action, minutes: rule.minutes, code: answer.code });
      // The next claim must see the suspension (routing order and the skip) or the lowered rate (a per-minute limit,
      // load-routing-table.ts), not the cached rows from before it.
      if (rule.action !== "DEFER_MESSAGE") {
        routing.invalidate();
        shared.rules.invalidate();
      }
      return recordRuleFired(gateway.id, rule, answer).catch((error) => log("error", "gateway.rule_record_failed", { gatewayId: gateway.id, error }));
    },
  };
  const leaseSeconds = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  type Outcome = { message: ClaimedMessage; report: DeliveryReport };

  const record = async (group: Outcome[]) => {
    let completed;
    try {
      // The mail is out: if Postgres is down now, wait for it (within the lease) rather than let the group go again.
      completed = await retryWhileDatabaseDown(
        () =>
          completeMessages({
            leaseToken,
            completions: group,
            schedule: { delaysSeconds: settings.retryDelaysSeconds, maxLifetimeSeconds: settings.maxLifetimeSeconds },
            prepareBounce: (message, failed, report) =>
              getHostName().then(({ name }) => prepareBounce(message, failed, report, { bouncesEnabled: settings.bouncesEnabled, reportingMta: name })),
          }),
        { maxMs: (leaseSeconds * 1000) / 2, what: "complete_batch" },
      );
    } catch (error) {
      onRecorded({ released: group.length, delivered: 0, deferred: 0, failed: 0 });
      throw error;
    }
    onRecorded({
      released: group.length,
      delivered: completed.filter((m) => m.status === "DELIVERED" || m.status === "PARTIALLY_DELIVERED").length,
      deferred: completed.filter((m) => m.status === "QUEUED").length,
      failed: completed.filter((m) => m.status === "FAILED").length,
    });
    noteSuccesses(group.map(({ report }) => report), shared);
    const lost = completed.filter((message) => message.status === "lost");
    if (lost.length > 0) log("warn", "drain.lease_lost", { workerId: options.workerId, ids: lost.map((message) => message.id) });
    const recovered = table.gateways
      .filter((gateway) => gateway.coolingDown && group.some(({ report }) => report.gatewayId === gateway.id))
      .map((gateway) => gateway.id);
    if (recovered.length > 0) {
      await endGatewayCooldown(recovered);
      routing.invalidate();
    }
  };

  const recorder = createGroupRecorder<Outcome>({ expected: messages.length, gatherMs: RECORD_GATHER_MS, record });
  const gatewayWaitMs = options.gatewayWaitMs ?? DEFAULT_GATEWAY_WAIT_MS;
  const giveBack = createGiveBack(leaseToken, gatewayWaitMs, options.workerId);
  const slots = createSlotGiveBack(routed.windows, options.workerId);
  const held = holdMessages(leaseToken, messages, routed, options.workerId).then((count) => {
    for (let index = 0; index < count; index += 1) recorder.skip();
    if (count > 0) onRecorded({ released: count, delivered: 0, deferred: 0, failed: 0 });
  });
  const sends = messages.map(async (message, index) => {
    const fitted = routed.routes[index];
    if (fitted.kind === "hold") return;
    const route = fitted.gateways;
    const deliver = () =>
      send(() =>
        deliverMessage(
          { id: message.id, messageId: message.messageId, envelopeFrom: message.envelopeFrom, raw: message.raw, recipients: message.recipients.map((r) => r.address), dsn: toEnvelopeDsn(message) },
          route,
          context,
        ),
      );
    // The gateway's own place first, then a shared one: mail waiting for a busy gateway holds no shared place.
    const own = gatewayLimit(route[0], shared);
    try {
      const report = await (own ? own(deliver, { maxWaitMs: gatewayWaitMs }) : deliver());
      // A reserved slot the message did not use (its gateway failed over, or nothing answered) goes back.
      slots.settle(fitted.reserved, route[0]?.id ?? null, report.gatewayId);
      recorder.add({ message, report });
    } catch (error) {
      slots.settle(fitted.reserved, route[0]?.id ?? null, null);
      if (error instanceof LimiterWaitTimeout) {
        // Its gateway is busy: unsent, it no longer holds a place this worker could use for other gateways' mail.
        recorder.skip();
        await giveBack(message.id, route[0]?.id);
        onRecorded({ released: 1, delivered: 0, deferred: 0, failed: 0 });
        return;
      }
      // deliverMessage never throws; if it did, the message is not recorded and comes back after its lease.
      recorder.skip();
      onRecorded({ released: 1, delivered: 0, deferred: 0, failed: 0 });
      throw error;
    }
  });
  const results = await Promise.allSettled([held, ...sends, recorder.settled()]);
  await slots.flush();
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
}


/** Writes "last success" for the gateways that delivered in `reports`, each at most every SUCCESS_NOTE_EVERY_MS. */
function noteSuccesses(reports: DeliveryReport[], { successNotedAt, options }: ClaimShared): void {
  const now = Date.now();
  const due = new Set<string>();
  for (const report of reports) {
    if (!report.gatewayId || !report.recipients.some((recipient) => recipient.status === "delivered")) continue;
    if (now - (successNotedAt.get(report.gatewayId) ?? 0) < SUCCESS_NOTE_EVERY_MS) continue;
    successNotedAt.set(report.gatewayId, now);
    due.add(report.gatewayId);
  }
  if (due.size === 0) return;
  // Health display only: never holds the drain, and a failed write is retried by the next success.
  noteGatewaySuccess([...due]).catch((error) => {
    for (const id of due) successNotedAt.delete(id);
    log("warn", "gateway.note_success_failed", { workerId: options.workerId, error });
  });
}

/**
 * Every message of the claim that routing holds (each gateway it may use, or its domain, is at its limit; or its
 * gateway drains) goes back unsent in one statement, due again when the first full window ends — not an attempt, not
 * a HELD status, simply not due yet. Resolves to how many were held; never throws (the lease brings them back).
 */
async function holdMessages(leaseToken: string, messages: ClaimedMessage[], routed: RoutedClaim, workerId: string): Promise<number> {
  const holds = messages.flatMap((message, index) => {
    const fitted = routed.routes[index];
    if (fitted.kind !== "hold") return [];
    return [{ id: message.id, until: fitted.until ?? new Date(routed.now.getTime() + HOLD_WITHOUT_WINDOW_MS) }];
  });
  if (holds.length === 0) return 0;
  try {
    await holdForLimits({ leaseToken, holds });
    log("info", "drain.held_for_limits", { workerId, count: holds.length });
  } catch (error) {
    log("warn", "drain.hold_failed", { workerId, count: holds.length, error });
  }
  return holds.length;
}
