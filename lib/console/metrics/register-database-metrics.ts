import type { Registry } from "prom-client";
import { ATTEMPT_DURATION_BUCKETS_MS, NO_GATEWAY_ID, OVERFLOW_BUCKET_MS } from "../../engine/queue/attempt-duration-buckets";
import { metrics } from "../../platform/metrics-registry";
import { countOpenSessions } from "../../engine/delivery/transport-pool";
import type { GatewayHealthState } from "../gateways/list-gateway-health";
import { CATEGORY_OF, type OutcomeCounts } from "../overview/outcome-categories";
import { readMetricsSnapshot, type MetricsSnapshot } from "./read-metrics-snapshot";

type Labels = Record<string, string>;
type Sample = { labels: Labels; value: number; metricName?: string };
type MetricType = "counter" | "gauge" | "histogram";

const HEALTH_STATES: GatewayHealthState[] = ["HEALTHY", "DEGRADED", "DOWN", "COOLING_DOWN", "DISABLED", "UNKNOWN"];
/** One scrape asks every collector at once; they share one snapshot read within this window. */
const SNAPSHOT_REUSE_MS = 1000;

/**
 * Registers the outgate_* metrics that Postgres answers at scrape time — queue, delivery counters, attempt
 * durations, gateway health — on the process registry, once. Read from the database, they agree across processes
 * and survive restarts (the counters come from delivery_attempt_totals, kept with every delivery attempt).
 */
export function registerDatabaseMetrics(): Registry {
  if (metrics.databaseMetricsRegistered) return metrics.registry;
  metrics.databaseMetricsRegistered = true;
  const snapshot = reuseFor(SNAPSHOT_REUSE_MS, () => readMetricsSnapshot());
  const add = (name: string, type: MetricType, help: string, samplesOf: (s: MetricsSnapshot) => Sample[]) =>
    metrics.registry.registerMetric(collector(name, type, help, async () => samplesOf(await snapshot())));

  add("outgate_queue_messages", "gauge", "Messages in the queue now (each counted once) by state: waiting (due and never tried, or in its first delivery), deferred (tried before, or scheduled later) and held (by an admin, never sent until released).", (s) => {
    const all = [...s.queued.values()];
    return [
      { labels: { state: "waiting" }, value: all.reduce((sum, q) => sum + q.waiting, 0) },
      { labels: { state: "deferred" }, value: all.reduce((sum, q) => sum + q.deferred, 0) },
      { labels: { state: "held" }, value: s.held },
    ];
  });
  add(
    "outgate_gateway_queue_messages",
    "gauge",
    "Messages waiting for each gateway (the Spool Count column) by state: waiting, deferred and held; gateway_id \"\" is round-robin mail not tried yet. Every gateway reports every state, 0 included.",
    (s) => {
      // Every gateway and state, so an emptied queue reads 0 instead of a series that vanishes (and a stale last value).
      const ids = new Set(["", ...s.names.keys(), ...s.queued.keys(), ...s.heldPerGateway.keys()]);
      return [...ids].flatMap((id) => {
        const queued = s.queued.get(id);
        const counts = { waiting: queued?.waiting ?? 0, deferred: queued?.deferred ?? 0, held: s.heldPerGateway.get(id) ?? 0 };
        return (["waiting", "deferred", "held"] as const).map((state) => ({ labels: { ...gatewayLabels(s, id), state }, value: counts[state] }));
      });
    },
  );
  add("outgate_queue_oldest_message_age_seconds", "gauge", "Age of the oldest queued message, seconds (0 when the queue is empty).", (s) => {
    const oldest = Math.min(...[...s.queued.values()].map((q) => q.oldestCreatedAt.getTime()));
    return [{ labels: {}, value: Number.isFinite(oldest) ? Math.max(0, (Date.now() - oldest) / 1000) : 0 }];
  });
  add("outgate_messages_in_flight", "gauge", "Messages a worker is delivering right now (leased).", (s) => [{ labels: {}, value: s.inFlight }]);
  add("outgate_gateway_smtp_sessions", "gauge", "SMTP sessions this process has open to each gateway, busy or idle (each worker process reports its own).", (s) =>
    [...countOpenSessions()].map(([id, open]) => ({ labels: gatewayLabels(s, id), value: open })),
  );
  add("outgate_gateway_health", "gauge", "Gateway health: 1 for the gateway's current state, 0 for the others.", (s) =>
    s.health.flatMap((gateway) =>
      HEALTH_STATES.map((state) => ({ labels: { ...gatewayLabels(s, gateway.gatewayId), state: state.toLowerCase() }, value: gateway.state === state ? 1 : 0 })),
    ),
  );
  add("outgate_delivery_attempts_total", "counter", "Delivery attempts (one message through one gateway) by gateway and outcome.", (s) =>
    sumBy(s, (row) => ({ ...gatewayLabels(s, row.gatewayId), outcome: row.outcome.toLowerCase() }), (row) => row.attempts),
  );
  for (const category of ["delivered", "deferred", "failed"] as const satisfies (keyof OutcomeCounts)[]) {
    // The name says messages (dashboards depend on it); the HELP says what is counted: attempts, not messages.
    add(`outgate_messages_${category}_total`, "counter", `Delivery attempts ${CATEGORY_HELP[category]}, by gateway. Counts attempts, not messages: a message deferred three times counts 3.`, (s) =>
      sumBy(s, (row) => gatewayLabels(s, row.gatewayId), (row) => (CATEGORY_OF[row.outcome] === category ? row.attempts : 0)),
    );
  }
  metrics.registry.registerMetric(
    collector("outgate_delivery_attempt_duration_seconds", "histogram", "Time of a delivery attempt from connect to the gateway's last answer, seconds, by gateway.", async () =>
      durationHistogram(await snapshot()),
    ),
  );
  return metrics.registry;
}

const CATEGORY_HELP: Record<keyof OutcomeCounts, string> = {
  delivered: "that delivered the message (partially delivered included)",
  deferred: "that left the message queued for a retry (4xx, no answer to the end of data, or failed over to another gateway)",
  failed: "refused for good (5xx)",
};

function gatewayLabels(s: MetricsSnapshot, id: string): Labels {
  if (id === NO_GATEWAY_ID) return { gateway: "(none)", gateway_id: "" };
  if (id === "") return { gateway: "(not chosen yet)", gateway_id: "" };
  return { gateway: s.names.get(id) ?? "(deleted)", gateway_id: id };
}

/** Sums delivery_attempt_totals rows into one sample per label set. */
function sumBy(s: MetricsSnapshot, labelsOf: (row: MetricsSnapshot["totals"][number]) => Labels, valueOf: (row: MetricsSnapshot["totals"][number]) => number): Sample[] {
  const samples = new Map<string, Sample>();
  for (const row of s.totals) {
    const labels = labelsOf(row);
    const key = JSON.stringify(labels);
    const sample = samples.get(key) ?? { labels, value: 0 };
    sample.value += valueOf(row);
    samples.set(key, sample);
  }
  return [...samples.values()];
}

/** Cumulative buckets (le in seconds), _sum and _count per gateway, from the per-bucket totals. */
function durationHistogram(s: MetricsSnapshot): Sample[] {
  const byGateway = new Map<string, { counts: Map<number, number>; sum: number }>();
  for (const row of s.totals) {
    const entry = byGateway.get(row.gatewayId) ?? { counts: new Map(), sum: 0 };
    entry.counts.set(row.durationLeMs, (entry.counts.get(row.durationLeMs) ?? 0) + row.attempts);
    entry.sum += row.durationMsSum;
    byGateway.set(row.gatewayId, entry);
  }
  const name = "outgate_delivery_attempt_duration_seconds";
  return [...byGateway].flatMap(([id, { counts, sum }]) => {
    const labels = gatewayLabels(s, id);
    let cumulative = 0;
    const buckets = ATTEMPT_DURATION_BUCKETS_MS.map((le) => {
      cumulative += counts.get(le) ?? 0;
      return { metricName: `${name}_bucket`, labels: { ...labels, le: String(le / 1000) }, value: cumulative };
    });
    const count = cumulative + (counts.get(OVERFLOW_BUCKET_MS) ?? 0);
    return [
      ...buckets,
      { metricName: `${name}_bucket`, labels: { ...labels, le: "+Inf" }, value: count },
      { metricName: `${name}_sum`, labels, value: sum / 1000 },
      { metricName: `${name}_count`, labels, value: count },
    ];
  });
}

/** A prom-client metric whose samples are computed at scrape time (prom-client calls get() from registry.metrics()). */
function collector(name: string, type: MetricType, help: string, samples: () => Promise<Sample[]>) {
  return {
    name,
    help,
    type,
    aggregator: "sum" as const,
    async get() {
      return { name, help, type, aggregator: "sum" as const, values: await samples() };
    },
    reset() {},
  } as unknown as Parameters<Registry["registerMetric"]>[0];
}

/** The same promise for calls within `ms` of the first; a failed read is not kept. */
function reuseFor<T>(ms: number, read: () => Promise<T>): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (cached && Date.now() - cached.at < ms) return cached.value;
    const value = read();
    cached = { at: Date.now(), value };
    value.catch(() => (cached = null));
    return value;
  };
}
