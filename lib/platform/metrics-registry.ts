import { collectDefaultMetrics, Counter, Registry } from "prom-client";
import { getProcessSingleton } from "./process-singleton";

export type MetricsRegistry = {
  registry: Registry;
  /** Answers of the submission API (POST /api/v1/messages, /batch) by endpoint and HTTP status; this process only. */
  submissionRequests: Counter<"endpoint" | "status">;
  /** Set once the Postgres-derived collectors are registered (lib/console/metrics/register-database-metrics.ts). */
  databaseMetricsRegistered: boolean;
};

/**
 * The process's one Prometheus registry (prom-client): Node process metrics under their usual names
 * (process_cpu_seconds_total, nodejs_heap_size_used_bytes, …) and the per-process outgate_* counters. A singleton for
 * the whole process (getProcessSingleton): the submission routes served by scripts/web-server.ts and /api/metrics
 * served by Next's bundle are two copies of this module and must count into one registry.
 */
export const metrics: MetricsRegistry = getProcessSingleton("outgate.platform.metrics", () => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    submissionRequests: new Counter({
      name: "outgate_submission_requests_total",
      help: "Submission API answers by endpoint (message, batch) and HTTP status, since this process started.",
      labelNames: ["endpoint", "status"],
      registers: [registry],
    }),
    databaseMetricsRegistered: false,
  };
});
