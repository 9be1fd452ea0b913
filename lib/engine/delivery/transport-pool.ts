import fs from "node:fs";
import os from "node:os";
import { getProcessSingleton } from "../../platform/process-singleton";
import { GatewayPool } from "./smtp/gateway-pool";
import { toSessionOptions, type TransportSettings } from "./transport-options";
import type { GatewayConnection } from "./types";

export type { MailResult, PreparedMail } from "./smtp/gateway-pool";

/** A pooled set of SMTP sessions to one gateway (Outgate's own client, lib/engine/delivery/smtp/). */
export type GatewayTransport = Pick<GatewayPool, "options" | "sendMail" | "close" | "connectionLimit" | "openSessions">;

type PoolEntry = { version: string; transport: GatewayTransport };

// One pool per gateway for the whole process, whichever module copy sends (getProcessSingleton): reusing SMTP sessions
// is the point of pooling, and two copies with pools of their own would open twice the connections per gateway.
const pools = getProcessSingleton("outgate.delivery.transport-pools", () => new Map<string, PoolEntry>());

/**
 * Returns the pooled transport for a gateway. `version` (e.g. the row's updatedAt) changes when the gateway is
 * edited; the old pool is then closed so no message goes out with stale address, TLS, credentials or session
 * settings. `settings` are read when a pool is created; they are process-wide and not part of the cache key.
 */
export function getTransport(conn: GatewayConnection, version: string, settings: Partial<TransportSettings> = {}): GatewayTransport {
  const existing = pools.get(conn.id);
  if (existing?.version === version) return existing.transport;
  existing?.transport.close();

  const transport = new GatewayPool(
    toSessionOptions(conn, { ...settings, ehloName: settings.ehloName ?? os.hostname(), ca: settings.ca ?? readExtraCa() }),
  );
  pools.set(conn.id, { version, transport });
  return transport;
}

/** Closes the pool of one gateway, e.g. after it was deleted. */
export function closeTransport(gatewayId: string): void {
  pools.get(gatewayId)?.transport.close();
  pools.delete(gatewayId);
}

/** SMTP sessions this process has open per gateway id, busy or idle. */
export function countOpenSessions(): Map<string, number> {
  return new Map([...pools].map(([gatewayId, { transport }]) => [gatewayId, transport.openSessions]));
}

/** Closes every pooled SMTP session (shutdown, tests). */
export function closeAllTransports(): void {
  for (const { transport } of pools.values()) transport.close();
  pools.clear();
}

/**
 * PEM bundle trusted in addition to the system CAs, for gateways behind a private CA (and for tests).
 * Read from OUTGATE_EXTRA_CA_FILE directly: lib/engine/delivery stays free of the app's env module so a bare worker can use it.
 */
function readExtraCa(): string[] | undefined {
  const file = process.env.OUTGATE_EXTRA_CA_FILE;
  if (!file) return undefined;
  return [fs.readFileSync(file, "utf8")];
}
