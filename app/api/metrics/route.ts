import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { answerMetrics } from "@/lib/http/answer-metrics";

export const dynamic = "force-dynamic";

/** Prometheus scrape target (lib/http/answer-metrics.ts): Bearer OUTGATE_METRICS_TOKEN, 404 when that is unset. */
export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ GET: answerMetrics });
