import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterEach, describe, expect, it } from "vitest";
import { resetDatabase } from "@/test/db";
import { startMetricsListener, stopMetricsListener } from "./start-metrics-listener";

describe("metrics listener on OUTGATE_METRICS_PORT", () => {
  afterEach(stopMetricsListener);

  it("serves /metrics without a token on 127.0.0.1 only, and nothing else", async () => {
    await resetDatabase();
    const port = await startMetricsListener(0);
    expect(port).toBeGreaterThan(0);
    expect(await startMetricsListener(0)).toBe(port);

    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    const names = parsePrometheusTextFormat(await response.text()).map((metric) => metric.name);
    expect(names).toEqual(expect.arrayContaining(["outgate_queue_messages", "outgate_delivery_attempts_total", "nodejs_heap_size_used_bytes"]));
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`, { method: "POST" })).status).toBe(405);
  });

  it("is off without a port", async () => {
    expect(await startMetricsListener(undefined)).toBeNull();
  });
});
