import type { Prisma } from "../../generated/prisma/client";
import { DEFAULT_SESSION_SETTINGS, RFC_5321_TIMEOUTS, type SmtpStageTimeouts } from "../../engine/delivery/smtp/session-settings";
import { GATEWAY_SESSION_SELECT } from "../../engine/routing/load-routing-table";
import type { GatewaySessionFacts, GatewaySessionValues, GatewayTimeoutField } from "../../validation/gateway";


/** Which stage timeout (lib/engine/delivery/smtp/session-settings.ts, in ms) each stored column (in seconds) sets. */
export const TIMEOUT_COLUMNS: Record<GatewayTimeoutField, keyof SmtpStageTimeouts> = {
  connectTimeoutSeconds: "connectMs",
  greetingTimeoutSeconds: "greetingMs",
  mailTimeoutSeconds: "mailMs",
  rcptTimeoutSeconds: "rcptMs",
  dataInitTimeoutSeconds: "dataInitMs",
  dataBlockTimeoutSeconds: "dataBlockMs",
  dataTermTimeoutSeconds: "dataTermMs",
};

const inSeconds = (timeouts: SmtpStageTimeouts) =>
  Object.fromEntries(Object.entries(TIMEOUT_COLUMNS).map(([field, stage]) => [field, Math.round(timeouts[stage] / 1000)])) as Record<GatewayTimeoutField, number>;

/** A new gateway's session settings: DEFAULT_SESSION_SETTINGS, the one source (the migration's defaults are tested against it). */
export const GATEWAY_SESSION_DEFAULTS: GatewaySessionValues = {
  authMechanism: DEFAULT_SESSION_SETTINGS.authMechanism,
  ...inSeconds(DEFAULT_SESSION_SETTINGS.timeouts),
  maxConnections: DEFAULT_SESSION_SETTINGS.maxConnections,
  messagesPerConnection: DEFAULT_SESSION_SETTINGS.messagesPerConnection,
  recipientsPerTransaction: DEFAULT_SESSION_SETTINGS.recipientsPerTransaction,
};

/** What the gateway form is told about the session settings (see GatewaySessionFacts). The connect timeout is no RFC stage. */
export const GATEWAY_SESSION_FACTS: GatewaySessionFacts = {
  defaults: GATEWAY_SESSION_DEFAULTS,
  rfcMinimumSeconds: Object.fromEntries(Object.entries(inSeconds(RFC_5321_TIMEOUTS)).filter(([field]) => field !== "connectTimeoutSeconds")),
};

/** The stored settings as the form shows them. */
export function toSessionValues(row: Prisma.GatewayGetPayload<{ select: typeof GATEWAY_SESSION_SELECT }>): GatewaySessionValues {
  return Object.fromEntries(Object.keys(GATEWAY_SESSION_SELECT).map((field) => [field, row[field as keyof typeof GATEWAY_SESSION_SELECT]])) as GatewaySessionValues;
}
