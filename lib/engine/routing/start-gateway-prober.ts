import { log } from "../../platform/log";
import { startTicker } from "../../platform/start-ticker";
import { getHostName } from "../../platform/host-name";
import { toGatewayConnection } from "../delivery/gateway-connection";
import { probeGateway, type ProbeResult } from "../delivery/smtp/probe-gateway";
import { toSessionOptions, type TransportSettings } from "../delivery/transport-options";
import { leaseDueProbes, recordProbe } from "./gateway-probes";
import { loadGateways, type GatewayRow } from "./load-routing-table";

export type GatewayProberOptions = {
  /** Seconds between two probes of one gateway, over all workers. */
  intervalSeconds: number;
  /** For the logs only. */
  workerId: string;
  /** How often this worker looks for gateways due a probe, ms; well under the interval. */
  tickMs?: number;
  /** Process-wide SMTP settings (extra CAs in tests); EHLO name defaults to the host name deliveries use. */
  transport?: Partial<TransportSettings>;
};

export type GatewayProber = { stop(): Promise<void> };

/** A probe holds its lease this long at most: the probe's stages are capped well below it (PROBE_STAGE_TIMEOUT_MS). */
const PROBE_LEASE_SECONDS = 120;

/**
 * Probes every enabled gateway once per `intervalSeconds`, shared by all workers through a lease in
 * gateway_health (issue 13): connect, greeting, EHLO, STARTTLS, AUTH, QUIT — no mail. A failed probe marks the
 * gateway Down and keeps routing off it until a probe succeeds; a successful one ends any cool-down. Never throws;
 * a database outage is logged and the next tick tries again.
 */
export function startGatewayProber({ intervalSeconds, workerId, tickMs = 1_000, transport }: GatewayProberOptions): GatewayProber {
  // Down until the next probe can say otherwise: the interval, a tick, and the longest a probe may take.
  const downSeconds = intervalSeconds * 2 + PROBE_LEASE_SECONDS / 4;

  const tick = async () => {
    try {
      const ids = await leaseDueProbes({ intervalSeconds, leaseSeconds: PROBE_LEASE_SECONDS });
      if (ids.length === 0) return;
      const gateways = await loadGateways(ids);
      const ehloName = transport?.ehloName ?? (await getHostName()).name;
      await Promise.all(
        gateways.map(async (gateway) => {
          const result = await probe(gateway, { ehloName, ...transport });
          await recordProbe({ gatewayId: gateway.id, ok: result.ok, latencyMs: result.latencyMs, error: result.ok ? null : result.error }, downSeconds);
          log(result.ok ? "info" : "warn", "gateway.probe", { workerId, gatewayId: gateway.id, ok: result.ok, latencyMs: result.latencyMs, ...(result.ok ? {} : { error: result.error }) });
        }),
      );
    } catch (error) {
      log("error", "gateway.probe_failed", { workerId, error });
    }
  };
  return startTicker(tickMs, tick);
}

async function probe(gateway: GatewayRow, settings: TransportSettings): Promise<ProbeResult> {
  let connection;
  try {
    connection = toGatewayConnection({ ...gateway, coolingDown: false });
  } catch {
    return { ok: false, latencyMs: 0, stage: "AUTH", error: "AUTH: the stored password cannot be decrypted (was OUTGATE_SECRET_KEY changed?); enter it again" };
  }
  return probeGateway(toSessionOptions(connection, settings));
}
