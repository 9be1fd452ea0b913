import http from "node:http";
import type { AddressInfo } from "node:net";
import { renderMetrics } from "../http/answer-metrics";
import { getEnv } from "../platform/env";
import { getProcessSingleton } from "../platform/process-singleton";

type Holder = { server: http.Server | null };
const holder = getProcessSingleton<Holder>("outgate.start-up.metrics-listener", () => ({ server: null }));

/**
 * With OUTGATE_METRICS_PORT set, serves GET /metrics without a token on 127.0.0.1 only: a Prometheus or agent on
 * the same host scrapes it, nothing else can reach it. Once per process (a second call returns the same server).
 * Resolves with the bound port (port 0: any free one, for tests), or null when the variable is unset.
 */
export async function startMetricsListener(port = getEnv().OUTGATE_METRICS_PORT): Promise<number | null> {
  if (port === undefined) return null;
  if (holder.server) return (holder.server.address() as AddressInfo).port;
  const server = http.createServer((req, res) => void answer(req, res));
  holder.server = server;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  console.log(`[outgate] metrics on http://127.0.0.1:${bound}/metrics`);
  return bound;
}

/** Closes the listener (tests, shutdown). */
export async function stopMetricsListener(): Promise<void> {
  const server = holder.server;
  holder.server = null;
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const path = (req.url ?? "").split("?")[0];
  if (path !== "/metrics") return plain(res, 404, "Not found: the metrics are at /metrics\n");
  if (req.method !== "GET" && req.method !== "HEAD") return plain(res, 405, "Use GET\n", { Allow: "GET, HEAD" });
  try {
    const { text, contentType } = await renderMetrics();
    res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : text);
  } catch (error) {
    // The database is down: a failed scrape (up == 0 in Prometheus), never zeros that look real.
    console.error("[outgate] metrics scrape failed", error);
    plain(res, 503, "Metrics are unavailable: the database cannot be read\n");
  }
}

function plain(res: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  res.end(text);
}
