import parsePrometheusTextFormat, { type ParsedMetric } from "parse-prometheus-text-format";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { closeAllTransports } from "@/lib/engine/delivery/transport-pool";
import { claimMessages } from "@/lib/engine/queue/claim-messages";
import { drainQueue } from "@/lib/engine/queue/drain-queue";
import { countOutgateSpool } from "@/lib/console/messages/count-outgate-spool";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { closedPort, createTestGateway, orderedId } from "@/test/engine/create-test-gateway";
import { TEST_TRANSPORT } from "@/test/engine/engine-test-kit";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { startTestSmtpServer } from "@/test/smtp/start-test-smtp-server";
import { POST as submitMessage } from "../v1/messages/route";
import { GET } from "./route";

// lib/env reads the environment once; the token must be there before the first request.
const TOKEN = vi.hoisted(() => {
  const token = "metrics-token-0123456789abcdef";
  process.env.OUTGATE_METRICS_TOKEN = token;
  return token;
});

function scrape(headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }, get = GET) {
  return get(new Request("http://localhost/api/metrics", { headers }));
}

async function scrapeParsed(get = GET): Promise<{ metrics: Map<string, ParsedMetric>; text: string }> {
  const response = await scrape(undefined, get);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return { metrics: new Map(parsePrometheusTextFormat(text).map((metric) => [metric.name, metric])), text };
}

/**
 * One series of a labelled histogram. parse-prometheus-text-format folds every series of a histogram into one
 * (it only handles unlabelled ones), so this parses that series' lines alone, with its labels taken off.
 */
function histogramOf(text: string, name: string, labels: string): ParsedMetric["metrics"][number] {
  const lines = text.split("\n").filter((line) => line.startsWith("#") ? line.includes(` ${name} `) : line.startsWith(name) && line.includes(labels));
  const parsed = parsePrometheusTextFormat(`${lines.join("\n").replaceAll(`${labels},`, "").replaceAll(`{${labels}}`, "")}\n`);
  return parsed[0].metrics[0];
}

/** A metric's samples as "label=value,…" → number. */
function samples(metrics: Map<string, ParsedMetric>, name: string, keys: string[]): Record<string, number> {
  const metric = metrics.get(name);
  if (!metric) throw new Error(`${name} is missing`);
  return Object.fromEntries(metric.metrics.map((m) => [keys.map((key) => m.labels?.[key] ?? "").join(","), Number(m.value)]));
}

describe("GET /api/metrics", () => {
  beforeEach(resetDatabase);
  afterAll(() => closeAllTransports());

  it("answers 401 with WWW-Authenticate without the token or with a wrong one", async () => {
    for (const headers of [{} as Record<string, string>, { authorization: `Bearer ${TOKEN}x` }, { authorization: TOKEN }]) {
      const response = await scrape(headers);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="outgate-metrics"');
      expect((await response.json()).error.code).toBe("unauthorized");
    }
  });

  it("answers 404 when no metrics token is configured", async () => {
    const saved = process.env.OUTGATE_METRICS_TOKEN;
    delete process.env.OUTGATE_METRICS_TOKEN;
    try {
      vi.resetModules();
      const fresh = await import("./route");
      expect((await scrape({ authorization: `Bearer ${TOKEN}` }, fresh.GET)).status).toBe(404);
    } finally {
      process.env.OUTGATE_METRICS_TOKEN = saved;
      vi.resetModules();
    }
  });

  it("exposes queue, delivery counters, durations, health and submissions that match the database, across a restart", async () => {
    const server = await startTestSmtpServer({ rejectRecipient: (address) => (address.startsWith("later") ? { code: 451, message: "later" } : address.startsWith("never") ? { code: 550, message: "no" } : null) });
    try {
      await createTestGateway({ id: orderedId(1), port: await closedPort(), description: "stopped" });
      await createTestGateway({ id: orderedId(2), port: server.port, description: "up" });
      await insertTestMessages(5);
      await insertTestMessages(2, { to: ["later@example.net"] });
      await insertTestMessages(1, { to: ["never@example.net"] });
      await drainQueue({ maxMs: 20_000, transport: TEST_TRANSPORT });
      await insertTestMessages(3);
      // Two of them a worker is sending right now (leased): in flight, and still waiting (their first delivery).
      await claimMessages({ limit: 2, leaseSeconds: 300 });
      const before = await scrapeParsed();
      const refused = await submitMessage(new Request("http://localhost/api/v1/messages", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }));
      expect(refused.status).toBe(401);

      for (const { metrics, text } of [await scrapeParsed(), await scrapeAfterRestart()]) {
        const spool = await countOutgateSpool();
        expect(samples(metrics, "outgate_queue_messages", ["state"])).toEqual({ waiting: spool.default, deferred: spool.waiting, held: 0 });
        expect(spool).toEqual({ default: 3, waiting: 2 });
        expect(samples(metrics, "outgate_messages_in_flight", [])).toEqual({ "": 2 });

        const logged = await getDb().$queryRaw<{ key: string; n: number }[]>`
          SELECT gateway_id::text || ',' || lower(outcome::text) AS key, count(*)::int AS n FROM delivery_attempts GROUP BY 1`;
        expect(samples(metrics, "outgate_delivery_attempts_total", ["gateway_id", "outcome"])).toEqual(Object.fromEntries(logged.map((row) => [row.key, row.n])));
        const through = (outcome: string) => logged.find((row) => row.key === `${orderedId(2)},${outcome}`)?.n ?? 0;
        // 5 messages and the DSN for the 550 delivered; 2 deferred with 451; 1 refused with 550.
        expect([through("delivered"), through("deferred"), through("failed")]).toEqual([6, 2, 1]);
        expect(samples(metrics, "outgate_messages_delivered_total", ["gateway"])).toMatchObject({ up: 6 });
        expect(samples(metrics, "outgate_messages_deferred_total", ["gateway"])).toMatchObject({ up: 2 });
        expect(samples(metrics, "outgate_messages_failed_total", ["gateway"])).toMatchObject({ up: 1 });
        // The names say messages (dashboards depend on them); their HELP says they count attempts.
        for (const category of ["delivered", "deferred", "failed"]) expect(metrics.get(`outgate_messages_${category}_total`)?.help).toMatch(/^Delivery attempts .*Counts attempts, not messages/);
        expect(metrics.get("outgate_queue_messages")?.help).toMatch(/^Messages in the queue now \(each counted once\)/);

        expect(metrics.get("outgate_delivery_attempt_duration_seconds")?.type).toBe("HISTOGRAM");
        const up = histogramOf(text, "outgate_delivery_attempt_duration_seconds", `gateway="up",gateway_id="${orderedId(2)}"`);
        expect(Number(up.count)).toBe(9);
        expect(Number(up.buckets!["+Inf"])).toBe(9);
        expect(Object.keys(up.buckets!).sort()).toEqual(["0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "60", "120", "+Inf"].sort());
        const sum = await getDb().deliveryAttempt.aggregate({ where: { gatewayId: orderedId(2) }, _sum: { durationMs: true } });
        expect(Number(up.sum)).toBeCloseTo(sum._sum.durationMs! / 1000, 6);

        const health = samples(metrics, "outgate_gateway_health", ["gateway", "state"]);
        // Two gateways × six states (HEALTHY, DEGRADED, DOWN, COOLING_DOWN, DISABLED, UNKNOWN), one of them 1 each.
        expect(Object.keys(health)).toHaveLength(12);
        expect(Object.entries(health).filter(([key, value]) => key.startsWith("up,") && value === 1)).toHaveLength(1);
        expect(metrics.get("process_cpu_user_seconds_total")?.type).toBe("COUNTER");
      }
      const submissions = ({ metrics }: { metrics: Map<string, ParsedMetric> }) => samples(metrics, "outgate_submission_requests_total", ["endpoint", "status"])["message,401"] ?? 0;
      expect(submissions(await scrapeParsed()) - submissions(before)).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe("outgate_gateway_queue_messages", () => {
  beforeEach(resetDatabase);

  it("reports every gateway's waiting, deferred and held mail, as the Spool Count column counts it, 0 for an empty queue", async () => {
    const server = await startTestSmtpServer({ rejectRecipient: (address) => (address.startsWith("later") ? { code: 451, message: "later" } : null) });
    try {
      await createTestGateway({ id: orderedId(4), port: await closedPort(), description: "idle" });
      await createTestGateway({ id: orderedId(5), port: server.port, description: "busy" });
      await insertTestMessages(3, { to: ["later@example.net"] });
      await drainQueue({ maxMs: 20_000, transport: TEST_TRANSPORT });
      const [held] = await getDb().message.findMany({ where: { status: "QUEUED" }, select: { id: true }, take: 1 });
      await getDb().message.update({ where: { id: held.id }, data: { status: "HELD" } });
      await insertTestMessages(2);

      // A fresh process: the snapshot of an earlier scrape (reused for a second) must not answer.
      const byGateway = samples((await scrapeAfterRestart()).metrics, "outgate_gateway_queue_messages", ["gateway", "state"]);
      expect(byGateway).toEqual({
        "busy,waiting": 0,
        "busy,deferred": 2,
        "busy,held": 1,
        "idle,waiting": 0,
        "idle,deferred": 0,
        "idle,held": 0,
        "(not chosen yet),waiting": 2,
        "(not chosen yet),deferred": 0,
        "(not chosen yet),held": 0,
      });
    } finally {
      await server.close();
    }
  });
});

describe("outgate_gateway_smtp_sessions", () => {
  beforeEach(resetDatabase);

  it("counts the SMTP sessions this process holds open to each gateway, and drops to none when they close", async () => {
    const server = await startTestSmtpServer();
    try {
      await createTestGateway({ id: orderedId(3), port: server.port, description: "pooled" });
      await insertTestMessages(6);
      // Two sessions at most, kept open idle in the pool after the drain.
      await drainQueue({ maxMs: 20_000, transport: { ...TEST_TRANSPORT, maxConnections: 2 } });
      // By id: a scrape within a second of the previous test's may still name gateways from its snapshot.
      const open = samples((await scrapeParsed()).metrics, "outgate_gateway_smtp_sessions", ["gateway_id"])[orderedId(3)];
      expect(open).toBeGreaterThanOrEqual(1);
      expect(open).toBeLessThanOrEqual(Math.min(2, server.sessionCount()));
      closeAllTransports();
      expect(samples((await scrapeParsed()).metrics, "outgate_gateway_smtp_sessions", ["gateway_id"])).toEqual({});
    } finally {
      await server.close();
    }
  });
});

/** A new process: a fresh registry and fresh modules; the Postgres-derived counters must come back unchanged. */
async function scrapeAfterRestart(): Promise<{ metrics: Map<string, ParsedMetric>; text: string }> {
  const registry = globalThis as unknown as Record<symbol, unknown>;
  const saved = registry[Symbol.for("outgate.platform.metrics")];
  delete registry[Symbol.for("outgate.platform.metrics")];
  try {
    vi.resetModules();
    const fresh = await import("./route");
    return await scrapeParsed(fresh.GET);
  } finally {
    registry[Symbol.for("outgate.platform.metrics")] = saved;
    vi.resetModules();
  }
}
