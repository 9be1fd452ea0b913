/**
 * Issue 13, item 1: gateway health from active probes, shared by every worker. A probe is connect, greeting, EHLO,
 * STARTTLS, AUTH, QUIT against a real SMTP server; the lease in gateway_health makes three workers probe each
 * gateway once per interval; a gateway that stops shows Down with its error within an interval, and one that comes
 * back is Healthy (and out of cool-down) after the next successful probe.
 */
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { listGatewayHealth, type GatewayHealthView } from "@/lib/console/gateways/list-gateway-health";
import { coolDownGateway } from "@/lib/engine/routing/gateway-cooldown";
import { startGatewayProber, type GatewayProber } from "@/lib/engine/routing/start-gateway-prober";
import { startTestSmtpServer } from "@/test/smtp/start-test-smtp-server";
import { createTestGateway } from "./create-test-gateway";
import { setUpEngineTests } from "./engine-test-kit";

const kit = setUpEngineTests();

const INTERVAL_SECONDS = 1;
const TICK_MS = 100;
const TRANSPORT = { ehloName: "outgate.test", timeouts: { connectionMs: 1500, greetingMs: 1500, socketMs: 1500 } };

function startProbers(count: number): GatewayProber[] {
  return Array.from({ length: count }, (_, index) =>
    startGatewayProber({ intervalSeconds: INTERVAL_SECONDS, workerId: `probe-test-${index}`, tickMs: TICK_MS, transport: TRANSPORT }),
  );
}

async function healthOf(gatewayId: string): Promise<GatewayHealthView> {
  const found = (await listGatewayHealth()).find((view) => view.gatewayId === gatewayId);
  if (!found) throw new Error(`no gateway ${gatewayId}`);
  return found;
}

async function waitForHealth(gatewayId: string, check: (view: GatewayHealthView) => boolean, timeoutMs: number): Promise<GatewayHealthView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await healthOf(gatewayId);
    if (check(view)) return view;
    if (Date.now() > deadline) throw new Error(`gateway health stayed ${JSON.stringify(view)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One interval, a tick, and room for a loaded 2-core machine. */
const WITHIN_ONE_INTERVAL_MS = INTERVAL_SECONDS * 1000 + TICK_MS + 1_000;

describe("gateway probes", () => {
  it("with three workers, each gateway is probed once per interval, and disabled gateways not at all", { timeout: 20_000 }, async () => {
    const [a, b, off] = await Promise.all([kit.startServer(), kit.startServer(), kit.startServer()]);
    await createTestGateway({ port: a.port });
    await createTestGateway({ port: b.port });
    await createTestGateway({ port: off.port, enabled: false });
    const probers = startProbers(3);
    const startedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    await Promise.all(probers.map((prober) => prober.stop()));
    const elapsedIntervals = (Date.now() - startedAt) / (INTERVAL_SECONDS * 1000);
    for (const server of [a, b]) {
      // Three probers without the shared lease would make about three times as many.
      expect(server.sessionCount()).toBeGreaterThanOrEqual(Math.floor(elapsedIntervals) - 1);
      expect(server.sessionCount()).toBeLessThanOrEqual(Math.ceil(elapsedIntervals) + 1);
    }
    expect(off.sessionCount()).toBe(0);
  });

  it("calls a gateway nothing has checked yet Unknown, not Healthy, until its first probe", { timeout: 20_000 }, async () => {
    const server = await kit.startServer();
    const gateway = await createTestGateway({ port: server.port });
    expect((await healthOf(gateway.id)).state).toBe("UNKNOWN");
    const [prober] = startProbers(1);
    try {
      await waitForHealth(gateway.id, (view) => view.state === "HEALTHY", WITHIN_ONE_INTERVAL_MS);
    } finally {
      await prober.stop();
    }
  });

  it("shows a stopped gateway Down with its error within one interval, and Healthy again once it is back", { timeout: 30_000 }, async () => {
    const server = await startTestSmtpServer();
    const port = server.port;
    const gateway = await createTestGateway({ port, description: "primary" });
    const [prober] = startProbers(1);
    let restarted: Awaited<ReturnType<typeof startTestSmtpServer>> | null = null;
    try {
      const healthy = await waitForHealth(gateway.id, (view) => view.probedAt !== null, WITHIN_ONE_INTERVAL_MS + 1_000);
      expect(healthy.state).toBe("HEALTHY");
      expect(healthy.lastSuccessAt).not.toBeNull();
      expect(healthy.latencyMs).toBeGreaterThanOrEqual(0);

      await server.close();
      const stoppedAt = Date.now();
      const down = await waitForHealth(gateway.id, (view) => view.state === "DOWN", WITHIN_ONE_INTERVAL_MS + 1_000);
      expect(Date.now() - stoppedAt).toBeLessThan(WITHIN_ONE_INTERVAL_MS);
      expect(down.lastError).toMatch(/^connect: .*ECONNREFUSED/);
      expect(down.cooldownUntil, "routing skips a gateway that is Down").not.toBeNull();

      restarted = await startTestSmtpServer({ port });
      const backAt = Date.now();
      const back = await waitForHealth(gateway.id, (view) => view.state === "HEALTHY", WITHIN_ONE_INTERVAL_MS + 1_000);
      expect(Date.now() - backAt).toBeLessThan(WITHIN_ONE_INTERVAL_MS);
      expect(back.cooldownUntil, "the successful probe ended the cool-down").toBeNull();
      expect(back.lastSuccessAt!.getTime()).toBeGreaterThanOrEqual(backAt - 50);
    } finally {
      await prober.stop();
      await restarted?.close();
    }
  });

  it("ends a delivery's cool-down on the next successful probe, not after the cool-down's fixed time", { timeout: 20_000 }, async () => {
    const server = await kit.startServer();
    const gateway = await createTestGateway({ port: server.port });
    await coolDownGateway(gateway.id, 3_600, "connect: ECONNRESET");
    expect((await healthOf(gateway.id)).state).toBe("COOLING_DOWN");
    const [prober] = startProbers(1);
    try {
      const view = await waitForHealth(gateway.id, (health) => health.probedAt !== null, WITHIN_ONE_INTERVAL_MS + 1_000);
      expect(view.cooldownUntil).toBeNull();
      // It failed a moment ago, so it works but is not yet trusted fully.
      expect(view.state).toBe("DEGRADED");
    } finally {
      await prober.stop();
    }
  });

  it("probes STARTTLS and AUTH: a wrong password is Down with the server's answer, the right one Healthy", { timeout: 20_000 }, async () => {
    const server = await kit.startServer({ tls: "starttls", auth: { user: "relay", pass: "right" } });
    // One gateway per (address, port, username): the wrong password is another user's.
    const wrong = await createTestGateway({ port: server.port, encryption: "STARTTLS_REQUIRED", auth: { user: "other", pass: "wrong" } });
    const right = await createTestGateway({ port: server.port, encryption: "STARTTLS_REQUIRED", auth: { user: "relay", pass: "right" } });
    const [prober] = startProbers(1);
    try {
      const down = await waitForHealth(wrong.id, (view) => view.probedAt !== null, WITHIN_ONE_INTERVAL_MS + 1_000);
      expect(down.state).toBe("DOWN");
      expect(down.lastError).toMatch(/AUTH/);
      expect(down.lastError).toMatch(/535/);
      const up = await waitForHealth(right.id, (view) => view.probedAt !== null, WITHIN_ONE_INTERVAL_MS + 1_000);
      expect(up.state).toBe("HEALTHY");
      expect(up.lastError).toBeNull();
      // No mail went anywhere: a probe ends after AUTH.
      expect(server.messages).toEqual([]);
    } finally {
      await prober.stop();
    }
  });

  it("stops probing a gateway once it is disabled", { timeout: 20_000 }, async () => {
    const server = await kit.startServer();
    const gateway = await createTestGateway({ port: server.port });
    const [prober] = startProbers(1);
    try {
      await waitForHealth(gateway.id, (view) => view.probedAt !== null, WITHIN_ONE_INTERVAL_MS + 1_000);
      await getDb().gateway.update({ where: { id: gateway.id }, data: { enabled: false } });
      const sessions = server.sessionCount();
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(server.sessionCount()).toBe(sessions);
      expect((await healthOf(gateway.id)).state).toBe("DISABLED");
    } finally {
      await prober.stop();
    }
  });
});
