import { getDb } from "../../platform/db";
import type { Prisma } from "../../generated/prisma/client";
import { createSpoolBalancerForRouting } from "./spool-balancing";
import type { RoutableGateway } from "../delivery/types";
import type { RoutingDomain, RoutingGateway, RoutingTable } from "./choose-gateways";
import { RATE_WINDOW_SECONDS, toRateLimits, type RateWindowLengths } from "./rate-limits";
import { withRuleRate, type RuleRate } from "./answer-rules-rate";
import type { DeliverySettingsValues } from "../../validation/delivery-settings";
import type { GatewaySessionSettings } from "../delivery/smtp/session-settings";

type Balancing = DeliverySettingsValues["balancing"];
export type GatewayRow = Omit<RoutableGateway, "coolingDown"> & {
  cooldownUntil: Date | null;
  /** Round-robin weight (1..100). */
  weight: number;
  /** Messages per minute / hour / day; null = unlimited. */
  perMinuteLimit: number | null;
  perHourLimit: number | null;
  perDayLimit: number | null;
  /** Drain mode: enabled but routed nothing (issue 14). */
  draining: boolean;
  /** A rate an answer rule lowered it to (lib/engine/rules), applied as a per-minute limit while in force. */
  ruleRate: RuleRate | null;
};

/** Enabled gateways (with their shared cool-down) and the hosted domains among `senderDomains`: two queries. */
export async function loadRoutingTable(
  senderDomains: string[],
  now = new Date(),
  balancing: Balancing = "ROUND_ROBIN",
  rateWindows: RateWindowLengths = RATE_WINDOW_SECONDS,
): Promise<RoutingTable> {
  const names = [...new Set(senderDomains.map((name) => name.toLowerCase()))];
  const [gateways, domains] = await Promise.all([loadGateways(), loadDomains(names, rateWindows)]);
  return toRoutingTable(gateways, domains, now, balancing, rateWindows);
}

export type RoutingTableCache = {
  /** The routing table for these sender domains, from rows at most `maxAgeMs` old. */
  load(senderDomains: string[]): Promise<RoutingTable>;
  /** Forget the gateways (e.g. after this worker put one in cool-down), so the next batch sees the change. */
  invalidate(): void;
};

/**
 * loadRoutingTable for consecutive batches of one drain: the gateways and each domain are read at most once per
 * `maxAgeMs` instead of twice per batch. An edit (gateway, domain assignment, another worker's cool-down) is
 * therefore seen by the next batch at most `maxAgeMs` later; a new drain always starts from fresh rows.
 */
export function createRoutingTableCache({
  balancing,
  maxAgeMs = 1_000,
  rateWindows = RATE_WINDOW_SECONDS,
}: {
  balancing: Balancing;
  maxAgeMs?: number;
  /** Window lengths of the per-minute/hour/day limits; RATE_WINDOW_SECONDS except in tests. */
  rateWindows?: RateWindowLengths;
}): RoutingTableCache {
  let gateways: { rows: Promise<GatewayRow[]>; at: number } | null = null;
  const domains = new Map<string, { row: RoutingDomain | null; at: number }>();
  return {
    async load(senderDomains) {
      const now = Date.now();
      if (!gateways || now - gateways.at >= maxAgeMs) {
        const rows = loadGateways();
        gateways = { rows, at: now };
        // A failed read is not cached.
        rows.catch(() => {
          if (gateways?.rows === rows) gateways = null;
        });
      }
      const names = [...new Set(senderDomains.map((name) => name.toLowerCase()))];
      const missing = names.filter((name) => {
        const cached = domains.get(name);
        return !cached || now - cached.at >= maxAgeMs;
      });
      const [gatewayRows, loaded] = await Promise.all([gateways.rows, missing.length > 0 ? loadDomains(missing, rateWindows) : new Map<string, RoutingDomain>()]);
      for (const name of missing) domains.set(name, { row: loaded.get(name) ?? null, at: now });
      const table = new Map<string, RoutingDomain>();
      for (const name of names) {
        const row = domains.get(name)?.row;
        if (row) table.set(name, row);
      }
      return toRoutingTable(gatewayRows, table, new Date(), balancing, rateWindows);
    },
    invalidate() {
      gateways = null;
    },
  };
}

/** A gateway's stored session settings (auth mechanism, stage timeouts in seconds, limits); the edit form reads them too. */
export const GATEWAY_SESSION_SELECT = {
  authMechanism: true,
  connectTimeoutSeconds: true,
  greetingTimeoutSeconds: true,
  mailTimeoutSeconds: true,
  rcptTimeoutSeconds: true,
  dataInitTimeoutSeconds: true,
  dataBlockTimeoutSeconds: true,
  dataTermTimeoutSeconds: true,
  maxConnections: true,
  messagesPerConnection: true,
  recipientsPerTransaction: true,
} as const satisfies Prisma.GatewaySelect;

/** A gateway as routing and sending need it (RoutableGateway, credentials still sealed) and its shared cool-down. */
const ROUTING_GATEWAY_SELECT = {
  id: true,
  description: true,
  address: true,
  port: true,
  encryption: true,
  verifyCertificate: true,
  type: true,
  authEnabled: true,
  authUsername: true,
  authPasswordEnc: true,
  updatedAt: true,
  weight: true,
  perMinuteLimit: true,
  perHourLimit: true,
  perDayLimit: true,
  draining: true,
  ...GATEWAY_SESSION_SELECT,
  health: { select: { cooldownUntil: true, ratePerMinute: true, rateLimitedUntil: true } },
} as const satisfies Prisma.GatewaySelect;

type SessionColumns = Omit<Prisma.GatewayGetPayload<{ select: typeof ROUTING_GATEWAY_SELECT }>, keyof GatewayRow | "health">;

/**
 * The gateway's stored session settings (seconds) as delivery takes them (ms). An edit changes updatedAt (Prisma's
 * @updatedAt, on every update), which is the transport pool's version: the next send opens a pool with these.
 */
export function toSessionSettings(row: SessionColumns): GatewaySessionSettings {
  return {
    authMechanism: row.authMechanism,
    timeouts: {
      connectMs: row.connectTimeoutSeconds * 1000,
      greetingMs: row.greetingTimeoutSeconds * 1000,
      mailMs: row.mailTimeoutSeconds * 1000,
      rcptMs: row.rcptTimeoutSeconds * 1000,
      dataInitMs: row.dataInitTimeoutSeconds * 1000,
      dataBlockMs: row.dataBlockTimeoutSeconds * 1000,
      dataTermMs: row.dataTermTimeoutSeconds * 1000,
    },
    maxConnections: row.maxConnections,
    messagesPerConnection: row.messagesPerConnection,
    recipientsPerTransaction: row.recipientsPerTransaction,
  };
}

/** Enabled gateways as routing and sending need them (all of them, or those of `ids`), with their cool-down; draining ones included (flagged). */
export async function loadGateways(ids?: string[]): Promise<GatewayRow[]> {
  const where = ids ? { enabled: true, id: { in: ids } } : { enabled: true };
  const rows = await getDb().gateway.findMany({ where, orderBy: { id: "asc" }, select: ROUTING_GATEWAY_SELECT });
  return rows.map((row) => ({
    id: row.id,
    description: row.description,
    address: row.address,
    port: row.port,
    encryption: row.encryption,
    verifyCertificate: row.verifyCertificate,
    type: row.type,
    authEnabled: row.authEnabled,
    authUsername: row.authUsername,
    authPasswordEnc: row.authPasswordEnc,
    updatedAt: row.updatedAt,
    session: toSessionSettings(row),
    cooldownUntil: row.health?.cooldownUntil ?? null,
    weight: row.weight,
    perMinuteLimit: row.perMinuteLimit,
    perHourLimit: row.perHourLimit,
    perDayLimit: row.perDayLimit,
    draining: row.draining,
    ruleRate: row.health?.ratePerMinute && row.health.rateLimitedUntil ? { perMinute: row.health.ratePerMinute, until: row.health.rateLimitedUntil } : null,
  }));
}

async function loadDomains(names: string[], rateWindows: RateWindowLengths): Promise<Map<string, RoutingDomain>> {
  const rows = await getDb().domain.findMany({
    where: { name: { in: names } },
    select: { id: true, name: true, gatewayId: true, failoverToRoundRobin: true, perHourLimit: true, perDayLimit: true, limitAction: true },
  });
  return new Map(
    rows.map(({ name, id, gatewayId, failoverToRoundRobin, limitAction, ...limits }) => [
      name,
      // A Reject limit is enforced when the mail is submitted; only a Delay limit holds mail in the queue.
      { id, gatewayId, failoverToRoundRobin, limits: limitAction === "DELAY" ? toRateLimits(limits, rateWindows) : [] },
    ]),
  );
}

function toRoutingTable(gateways: GatewayRow[], domains: Map<string, RoutingDomain>, now: Date, balancing: Balancing, rateWindows: RateWindowLengths): RoutingTable {
  const routable: RoutingGateway[] = gateways
    .filter((gateway) => !gateway.draining)
    .map(({ cooldownUntil, perMinuteLimit, perHourLimit, perDayLimit, ruleRate, ...row }) => ({
      ...withoutDraining(row),
      // Cool-down is judged now, not when the rows were read: an expired cool-down counts as over.
      coolingDown: !!cooldownUntil && cooldownUntil > now,
      limits: withRuleRate(toRateLimits({ perMinuteLimit, perHourLimit, perDayLimit }, rateWindows), ruleRate, now, rateWindows),
    }));
  return {
    gateways: routable,
    drainingIds: new Set(gateways.filter((gateway) => gateway.draining).map((gateway) => gateway.id)),
    domains,
    orderRing: balancing === "LEAST_SPOOL" ? createSpoolBalancerForRouting(now.getTime()) : undefined,
  };
}

function withoutDraining<Row extends { draining: boolean }>(row: Row): Omit<Row, "draining"> {
  const copy: Partial<Row> = { ...row };
  delete copy.draining;
  return copy as Omit<Row, "draining">;
}
