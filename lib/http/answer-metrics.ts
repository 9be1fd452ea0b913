import { createHash, timingSafeEqual } from "node:crypto";
import { registerDatabaseMetrics } from "../console/metrics/register-database-metrics";
import { getEnv } from "../platform/env";
import { AppError } from "../platform/errors";
import { toHttpResponse } from "./error-answer";
import { readBearerToken } from "./read-bearer-token";

/** The exposition text and its content type (Prometheus text format 0.0.4). */
export async function renderMetrics(): Promise<{ text: string; contentType: string }> {
  const registry = registerDatabaseMetrics();
  return { text: await registry.metrics(), contentType: registry.contentType };
}

/**
 * GET /api/metrics: `Authorization: Bearer <OUTGATE_METRICS_TOKEN>` (401 with WWW-Authenticate without it). With no
 * token configured the route does not exist (404): metrics are off, or served only on OUTGATE_METRICS_PORT.
 * A database outage answers 503 through the one mapper, so Prometheus records the scrape as failed, not as zeros.
 */
export async function answerMetrics(request: Request): Promise<Response> {
  try {
    const expected = getEnv().OUTGATE_METRICS_TOKEN;
    if (!expected) throw new AppError("not_found", "Metrics are not enabled here: set OUTGATE_METRICS_TOKEN (or OUTGATE_METRICS_PORT).");
    const token = readBearerToken(request.headers.get("authorization"));
    if (!token || !isSameToken(token, expected)) {
      return toHttpResponse(new AppError("unauthorized", "A valid metrics token is required."), { "WWW-Authenticate": 'Bearer realm="outgate-metrics"' });
    }
    const { text, contentType } = await renderMetrics();
    return new Response(text, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  } catch (error) {
    return toHttpResponse(error);
  }
}

/** Constant time, both sides hashed first so that not even the length leaks. */
function isSameToken(token: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(token), digest(expected));
}
