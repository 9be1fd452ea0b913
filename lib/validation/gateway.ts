import { z } from "zod";
import type { FieldErrors } from "./field-errors";
import { normaliseServerAddress } from "./hostname";
import {
  AUTH_DESTINATION_CHANGED,
  isSameAuthDestination,
  isSameSmarterMailDestination,
  SMARTERMAIL_DESTINATION_CHANGED,
  type AuthDestination,
  type SmarterMailDestination,
} from "./secret-destination";

/** Mirror the Prisma enums one to one (lib/validation/gateway.test.ts proves it); client code cannot import Prisma. */
export const GATEWAY_ENCRYPTIONS = ["NONE", "STARTTLS_OPPORTUNISTIC", "STARTTLS_REQUIRED", "IMPLICIT_TLS"] as const;
export type GatewayEncryptionValue = (typeof GATEWAY_ENCRYPTIONS)[number];
export const GATEWAY_TYPES = ["ROUND_ROBIN", "SPECIFIC_DOMAINS"] as const;
export type GatewayTypeValue = (typeof GATEWAY_TYPES)[number];
export const GATEWAY_AUTH_MECHANISMS = ["AUTO", "PLAIN", "LOGIN", "CRAM_MD5"] as const;
export type GatewayAuthMechanismValue = (typeof GATEWAY_AUTH_MECHANISMS)[number];

/** The SMTP stage timeouts a gateway stores, in seconds (connect is TCP, the others are RFC 5321 §4.5.3.2 stages). */
export const GATEWAY_TIMEOUT_FIELDS = [
  "connectTimeoutSeconds",
  "greetingTimeoutSeconds",
  "mailTimeoutSeconds",
  "rcptTimeoutSeconds",
  "dataInitTimeoutSeconds",
  "dataBlockTimeoutSeconds",
  "dataTermTimeoutSeconds",
] as const;
export type GatewayTimeoutField = (typeof GATEWAY_TIMEOUT_FIELDS)[number];
export const GATEWAY_LIMIT_FIELDS = ["maxConnections", "messagesPerConnection", "recipientsPerTransaction"] as const;
export type GatewayLimitField = (typeof GATEWAY_LIMIT_FIELDS)[number];

/**
 * Bounds of the session settings; the migration's CHECK constraints repeat them. Timeouts may be shorter than the
 * RFC's minimums (tests and LAN gateways use that): the form warns then, it does not refuse.
 */
export const GATEWAY_SESSION_BOUNDS: Record<GatewayTimeoutField | GatewayLimitField, { min: number; max: number }> = {
  ...(Object.fromEntries(GATEWAY_TIMEOUT_FIELDS.map((field) => [field, { min: 1, max: 3600 }])) as Record<GatewayTimeoutField, { min: number; max: number }>),
  maxConnections: { min: 1, max: 100 },
  messagesPerConnection: { min: 1, max: 10_000 },
  recipientsPerTransaction: { min: 1, max: 1000 },
};

/** A gateway's session settings as the form holds them; the defaults come from the server (DEFAULT_SESSION_SETTINGS). */
export type GatewaySessionValues = { authMechanism: GatewayAuthMechanismValue } & Record<GatewayTimeoutField | GatewayLimitField, number>;

/**
 * What the gateway form needs to know about the session settings and cannot import itself (client code reads only
 * lib/validation; the engine owns the defaults): the defaults, and RFC 5321 §4.5.3.2's minimum per SMTP stage, below
 * which the form warns. Built by lib/console/gateways/session-columns.ts.
 */
export type GatewaySessionFacts = { defaults: GatewaySessionValues; rfcMinimumSeconds: Partial<Record<GatewayTimeoutField, number>> };

const PORT_MESSAGE = "Enter a port number between 1 and 65535.";

const serverAddressSchema = z
  .string()
  .max(300, "That address is too long.")
  .transform((value, ctx) => {
    const address = normaliseServerAddress(value);
    if (!address) {
      ctx.addIssue({ code: "custom", message: "Enter an IP address or a hostname, such as 192.0.2.10, 2001:db8::25 or smtp.example.com." });
      return z.NEVER;
    }
    return address;
  });

/**
 * The form's Status select sends "true" (Enabled), "draining" (Draining, issue 14: enabled, but no mail is routed to
 * it) or "false" (Disabled); the API and tests may send a boolean. The whole schema turns "draining" into
 * `enabled: true, draining: true`.
 */
const enabledSchema = z
  .union([z.boolean(), z.enum(["true", "false", "draining"])], { error: "Choose Enabled, Draining or Disabled." })
  .transform((value) => (value === "draining" ? "draining" : value === true || value === "true"));

/** A gateway's Status (issue 14): Draining is enabled (health, sessions) but routed no mail. */
export const GATEWAY_STATUSES = ["ENABLED", "DRAINING", "DISABLED"] as const;
export type GatewayStatusValue = (typeof GATEWAY_STATUSES)[number];
export const gatewayStatusSchema = z.object({ id: z.uuid("Unknown gateway."), status: z.enum(GATEWAY_STATUSES, { error: "Choose Enabled, Draining or Disabled." }) });

/** The Status a gateway row shows. */
export function gatewayStatusOf({ enabled, draining }: { enabled: boolean; draining: boolean }): GatewayStatusValue {
  return !enabled ? "DISABLED" : draining ? "DRAINING" : "ENABLED";
}

/** Traffic shaping (issue 15): the gateway's messages per minute, hour and day; blank = unlimited. */
export const GATEWAY_RATE_FIELDS = ["perMinuteLimit", "perHourLimit", "perDayLimit"] as const;
export type GatewayRateField = (typeof GATEWAY_RATE_FIELDS)[number];
export const RATE_LIMIT_MAX = 10_000_000;
export const WEIGHT_BOUNDS = { min: 1, max: 100 } as const;

/**
 * A messages-per-window limit: a whole number from 1, or blank/null for unlimited (stored as NULL). Absent
 * (an API caller that does not send it) keeps the stored value.
 */
export function optionalRateLimit(unit: string) {
  const message = `Enter a whole number of messages per ${unit} from 1 to ${RATE_LIMIT_MAX.toLocaleString("en")}, or leave it blank for no limit.`;
  return z
    .union([z.literal(""), z.null(), z.coerce.number<string | number>({ error: message }).int(message).min(1, message).max(RATE_LIMIT_MAX, message)])
    .transform((value) => (value === "" || value === null ? null : value))
    .optional();
}

const WEIGHT_MESSAGE = `Enter a whole number from ${WEIGHT_BOUNDS.min} to ${WEIGHT_BOUNDS.max}.`;
const trafficShape = {
  perMinuteLimit: optionalRateLimit("minute"),
  perHourLimit: optionalRateLimit("hour"),
  perDayLimit: optionalRateLimit("day"),
  weight: z.coerce.number<string | number>({ error: WEIGHT_MESSAGE }).int(WEIGHT_MESSAGE).min(WEIGHT_BOUNDS.min, WEIGHT_MESSAGE).max(WEIGHT_BOUNDS.max, WEIGHT_MESSAGE).optional(),
};

const optionalText = (max: number) => z.string().max(max, `Use at most ${max} characters.`).optional().default("");

/** A whole number within the field's bounds; absent = the stored value (or, for a new gateway, the default). */
function boundedInteger(field: GatewayTimeoutField | GatewayLimitField, unit: string) {
  const { min, max } = GATEWAY_SESSION_BOUNDS[field];
  const message = `Enter a whole number of ${unit} between ${min} and ${max.toLocaleString("en")}.`;
  return z.coerce.number<string | number>({ error: message }).int(message).min(min, message).max(max, message).optional();
}

const sessionShape = {
  authMechanism: z.enum(GATEWAY_AUTH_MECHANISMS, { error: "Choose Auto, PLAIN, LOGIN or CRAM-MD5." }).optional(),
  ...(Object.fromEntries(GATEWAY_TIMEOUT_FIELDS.map((field) => [field, boundedInteger(field, "seconds")])) as Record<GatewayTimeoutField, ReturnType<typeof boundedInteger>>),
  maxConnections: boundedInteger("maxConnections", "connections"),
  messagesPerConnection: boundedInteger("messagesPerConnection", "messages"),
  recipientsPerTransaction: boundedInteger("recipientsPerTransaction", "recipients"),
};

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** Every field of a gateway, before the rules that tie fields together (below); the connection test picks from it. */
const gatewayFieldsSchema = z.object({
  description: z.string().trim().min(1, "Enter a description.").max(100, "Use at most 100 characters."),
  address: serverAddressSchema,
  port: z.coerce.number<string | number>({ error: PORT_MESSAGE }).int(PORT_MESSAGE).min(1, PORT_MESSAGE).max(65535, PORT_MESSAGE),
  encryption: z.enum(GATEWAY_ENCRYPTIONS, { error: "Choose an encryption." }),
  verifyCertificate: z.boolean().optional().default(true),
  enabled: enabledSchema,
  type: z.enum(GATEWAY_TYPES, { error: "Choose Round Robin or Specific Domains." }),
  authEnabled: z.boolean().optional().default(false),
  authUsername: optionalText(254).transform((value) => value.trim()),
  authPassword: optionalText(1024),
  smartermailEnabled: z.boolean().optional().default(false),
  smartermailUrl: optionalText(2048).transform((value) => value.trim()),
  smartermailUsername: optionalText(254).transform((value) => value.trim()),
  smartermailPassword: optionalText(1024),
  ...sessionShape,
  ...trafficShape,
});

// Run even when another field (address, port) failed, so every message shows at once.
const EVEN_WITH_OTHER_ERRORS = { when: (payload: { value: unknown }) => typeof payload.value === "object" && payload.value !== null };

type IssueAdder = (path: string, message: string) => void;
const issueAdder = (ctx: z.RefinementCtx): IssueAdder => (path, message) => ctx.addIssue({ code: "custom", path: [path], message });

function checkAuthFields(value: { authEnabled: boolean; authUsername: string }, issue: IssueAdder): void {
  if (value.authEnabled && !value.authUsername) issue("authUsername", "Enter the username for authentication.");
}

/**
 * One outbound gateway as the form, the server actions and the API see it. Passwords are never trimmed, and a
 * blank password means "keep the stored one": whether one must be given depends on what is stored and where it
 * was stored for, so that rule lives in `missingSecretErrors` below, which the form and the mutations both call.
 */
export const gatewayInputSchema = gatewayFieldsSchema
  .superRefine((value, ctx) => {
    const issue = issueAdder(ctx);
    checkAuthFields(value, issue);
    if (!value.smartermailEnabled) return;
    if (!value.smartermailUrl) issue("smartermailUrl", "Enter the SmarterMail URL.");
    else if (!isHttpUrl(value.smartermailUrl)) issue("smartermailUrl", "Enter an http:// or https:// URL, such as https://mail.example.com.");
    if (!value.smartermailUsername) issue("smartermailUsername", "Enter the SmarterMail username.");
  }, EVEN_WITH_OTHER_ERRORS)
  .transform(({ enabled, ...value }) => ({ ...value, enabled: enabled !== false, draining: enabled === "draining" }));
/** What the form holds. */
export type GatewayInput = z.input<typeof gatewayInputSchema>;
/** What the server works with: normalised address, numeric port, boolean status, trimmed names. */
export type GatewayValues = z.output<typeof gatewayInputSchema>;

/**
 * What an SMTP session with the gateway needs — where, how encrypted and checked, as whom, with which timeouts — and
 * nothing a saved gateway needs besides (description, type, status, SmarterMail, traffic shaping): Test connection
 * must run before those are filled in. The same field rules as the gateway's, picked from them.
 */
export const gatewayConnectionSchema = gatewayFieldsSchema
  .pick({
    address: true,
    port: true,
    encryption: true,
    verifyCertificate: true,
    authEnabled: true,
    authUsername: true,
    authPassword: true,
    ...(Object.fromEntries(Object.keys(sessionShape).map((field) => [field, true])) as Record<keyof typeof sessionShape, true>),
  })
  .superRefine((value, ctx) => checkAuthFields(value, issueAdder(ctx)), EVEN_WITH_OTHER_ERRORS);
export type GatewayConnectionValues = z.output<typeof gatewayConnectionSchema>;

export const gatewayUpdateSchema = gatewayInputSchema.and(z.object({ id: z.uuid("Unknown gateway.") }));
export type GatewayUpdateInput = z.input<typeof gatewayUpdateSchema>;

/**
 * Which passwords are stored for the gateway, and for which destination each was given (null: none stored). The
 * server derives this from the database, never from the client; the edit page passes it to the form.
 */
export type StoredSecrets = { authPasswordFor: AuthDestination | null; smartermailPasswordFor: SmarterMailDestination | null };
export const NO_STORED_SECRETS: StoredSecrets = { authPasswordFor: null, smartermailPasswordFor: null };

type SecretFields = {
  address?: string;
  port?: string | number;
  authEnabled?: boolean;
  authUsername?: string;
  authPassword?: string;
  smartermailEnabled?: boolean;
  smartermailUrl?: string;
  smartermailUsername?: string;
  smartermailPassword?: string;
};

/**
 * A password is required when its feature is on, unless one is stored for the same destination: a blank field
 * keeps the stored password only while the server address, port and username (SmarterMail: URL and username)
 * are the ones it was given for, so a stored secret never follows an edit to another host.
 */
export function missingSecretErrors(value: SecretFields, stored: StoredSecrets): FieldErrors {
  const errors: FieldErrors = {};
  if (value.authEnabled && !value.authPassword) {
    if (!stored.authPasswordFor) errors.authPassword = ["Enter the password for authentication."];
    else if (!isSameAuthDestination(stored.authPasswordFor, value)) errors.authPassword = [AUTH_DESTINATION_CHANGED];
  }
  if (value.smartermailEnabled && !value.smartermailPassword) {
    if (!stored.smartermailPasswordFor) errors.smartermailPassword = ["Enter the SmarterMail password."];
    else if (!isSameSmarterMailDestination(stored.smartermailPasswordFor, value)) errors.smartermailPassword = [SMARTERMAIL_DESTINATION_CHANGED];
  }
  return errors;
}
