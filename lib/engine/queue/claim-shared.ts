import { getEnv } from "../../platform/env";
import { DEFAULT_SESSION_SETTINGS } from "../delivery/smtp/session-settings";
import type { RoutableGateway } from "../delivery/types";
import { createRoutingTableCache, type RoutingTableCache } from "../routing/load-routing-table";
import { createAnswerRulesCache, type AnswerRulesCache } from "../rules/load-answer-rules";
import type { DeliverySettingsValues } from "../../validation/delivery-settings";
import { createLimiter, type Limiter } from "./create-limiter";
import { SENDS_PER_GATEWAY_SESSION, type DrainOptions } from "./drain-options";
import { getDeliverySettings } from "./get-delivery-settings";

/** A long drain (the drain loop's) reads the delivery settings again this often. */
const SETTINGS_MAX_AGE_MS = 5_000;

/** What the claims of one drain share: settings, the routing cache and the send limits. */
export type ClaimShared = {
  settings: DeliverySettingsValues;
  settingsReadAt: number;
  routing: RoutingTableCache;
  /** The answer rules and the suspensions they put in force (lib/engine/rules). */
  rules: AnswerRulesCache;
  send: Limiter;
  /** Per gateway (and its session limit): sends in flight to it. */
  gatewayLimits: Map<string, Limiter>;
  /** Per gateway: when this drain last wrote its last success. */
  successNotedAt: Map<string, number>;
  /** Per gateway that failed as a whole in any claim of this drain: why, and when (ms); see buildDeliveryContext. */
  gatewayFailures: Map<string, { reason: string; at: number }>;
  options: DrainOptions & { workerId: string };
};

/** Messages no longer held (recorded, or given up to their lease), and the recorded ones by their new status. */
export type Recorded = { released: number; delivered: number; deferred: number; failed: number };

/** Reads the delivery settings and sets up what one drain's claims share. */
export async function createClaimShared(options: DrainOptions & { workerId: string }, concurrency: number): Promise<ClaimShared> {
  const settings = await getDeliverySettings();
  return {
    settings,
    settingsReadAt: Date.now(),
    routing: createRoutingTableCache({ balancing: settings.balancing, rateWindows: options.rateWindowSeconds }),
    rules: createAnswerRulesCache(),
    send: createLimiter(concurrency),
    gatewayLimits: new Map(),
    successNotedAt: new Map(),
    gatewayFailures: new Map(),
    options,
  };
}

/** Reads the delivery settings again when they are older than SETTINGS_MAX_AGE_MS (a new balancing: a new routing cache). */
export async function refreshSettings(shared: ClaimShared): Promise<void> {
  if (Date.now() - shared.settingsReadAt < SETTINGS_MAX_AGE_MS) return;
  const settings = await getDeliverySettings();
  if (settings.balancing !== shared.settings.balancing) {
    shared.routing = createRoutingTableCache({ balancing: settings.balancing, rateWindows: shared.options.rateWindowSeconds });
  }
  shared.settings = settings;
  shared.settingsReadAt = Date.now();
}

/** The limit of sends in flight to `gateway`: `sendsPerGatewaySession` per session it may open. */
export function gatewayLimit(gateway: RoutableGateway | undefined, { gatewayLimits, options }: ClaimShared): Limiter | null {
  if (!gateway) return null;
  const configured = gateway.session.maxConnections;
  const processWide = options.transport?.maxConnections ?? getEnv().OUTGATE_GATEWAY_CONNECTIONS;
  const sessions = configured === DEFAULT_SESSION_SETTINGS.maxConnections ? (processWide ?? configured) : configured;
  const key = `${gateway.id}/${sessions}`;
  let limit = gatewayLimits.get(key);
  if (!limit) gatewayLimits.set(key, (limit = createLimiter(sessions * (options.sendsPerGatewaySession ?? SENDS_PER_GATEWAY_SESSION))));
  return limit;
}
