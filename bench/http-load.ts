import http from "node:http";
import { percentile } from "./stats";

export type LoadOptions = {
  url: string;
  path: string;
  headers: Record<string, string>;
  /** The body of each request; called per request so every message can be different. */
  body: (index: number) => Buffer;
  requests: number;
  concurrency: number;
  /** Status that counts as accepted. */
  expectStatus: number;
};

export type LoadResult = {
  accepted: number;
  failed: number;
  elapsedMs: number;
  startedAt: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  firstError?: string;
};

/**
 * A closed-loop load generator: `concurrency` keep-alive connections, each sending its next request as soon as
 * the previous answer is read. Latency is measured per request from write to the end of the response.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency, maxFreeSockets: options.concurrency });
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  let firstError: string | undefined;

  const one = (index: number) =>
    new Promise<void>((resolve) => {
      const body = options.body(index);
      const started = process.hrtime.bigint();
      const request = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: options.path,
          method: "POST",
          agent,
          headers: { ...options.headers, "content-length": String(body.length) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            if (response.statusCode === options.expectStatus) {
              latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
            } else {
              failed += 1;
              firstError ??= `${response.statusCode} ${Buffer.concat(chunks).toString("utf8").slice(0, 300)}`;
            }
            resolve();
          });
        },
      );
      request.on("error", (error) => {
        failed += 1;
        firstError ??= error.message;
        resolve();
      });
      request.end(body);
    });

  const startedAt = Date.now();
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.requests) await one(next++);
    }),
  );
  const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    accepted: latencies.length,
    failed,
    elapsedMs,
    startedAt,
    perSecond: (latencies.length / elapsedMs) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    firstError,
  };
}
