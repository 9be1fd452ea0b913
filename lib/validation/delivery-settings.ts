import { z } from "zod";

// Durations are typed the way mail admins think of them ("5m, 10m, 1h", "5d"); a bare number is seconds.
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
const DURATION = /^(\d{1,7})\s*([smhd]?)$/i;

export const MIN_RETRY_DELAY_SECONDS = 10;
export const MAX_RETRY_DELAY_SECONDS = 86_400;
export const MAX_RETRY_DELAYS = 20;
export const MIN_LIFETIME_SECONDS = 3600;
export const MAX_LIFETIME_SECONDS = 30 * 86_400;

/** "90", "90s", "5m", "2h", "5d" → seconds; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  const unit = (match[2] || "s").toLowerCase() as keyof typeof UNIT_SECONDS;
  return Number(match[1]) * UNIT_SECONDS[unit];
}

/** Seconds → the largest unit that divides it exactly: 300 → "5m", 432000 → "5d", 90 → "90s". */
export function formatDuration(seconds: number): string {
  for (const unit of ["d", "h", "m"] as const) {
    if (seconds >= UNIT_SECONDS[unit] && seconds % UNIT_SECONDS[unit] === 0) return `${seconds / UNIT_SECONDS[unit]}${unit}`;
  }
  return `${seconds}s`;
}

const retryDelaysField = z.string().transform((text, ctx) => {
  const parts = text.split(/[,\s]+/).filter(Boolean);
  if (parts.length === 0) {
    ctx.addIssue({ code: "custom", message: "Enter at least one delay, e.g. 5m, 10m, 1h." });
    return z.NEVER;
  }
  if (parts.length > MAX_RETRY_DELAYS) {
    ctx.addIssue({ code: "custom", message: `Enter at most ${MAX_RETRY_DELAYS} delays.` });
    return z.NEVER;
  }
  const seconds = parts.map(parseDuration);
  const bad = parts.find((_, index) => seconds[index] === null);
  if (bad !== undefined) {
    ctx.addIssue({ code: "custom", message: `"${bad}" is not a duration; use s, m, h or d, e.g. 5m.` });
    return z.NEVER;
  }
  if (seconds.some((value) => value! < MIN_RETRY_DELAY_SECONDS || value! > MAX_RETRY_DELAY_SECONDS)) {
    ctx.addIssue({ code: "custom", message: "Each delay must be between 10s and 1d." });
    return z.NEVER;
  }
  return seconds as number[];
});

const lifetimeField = z.string().transform((text, ctx) => {
  const seconds = parseDuration(text);
  if (seconds === null) {
    ctx.addIssue({ code: "custom", message: "Enter a duration in hours or days, e.g. 120h or 5d." });
    return z.NEVER;
  }
  if (seconds < MIN_LIFETIME_SECONDS || seconds > MAX_LIFETIME_SECONDS) {
    ctx.addIssue({ code: "custom", message: "The lifetime must be between 1h and 30d." });
    return z.NEVER;
  }
  return seconds;
});

const balancingField = z.enum(["ROUND_ROBIN", "LEAST_SPOOL"], { message: "Choose how round-robin gateways are balanced." });

/** The stored settings (the single delivery_settings row), as the engine reads them and the form starts from. */
export type DeliverySettingsValues = {
  /** Wait after the n-th failed attempt, in seconds; the last entry repeats. */
  retryDelaysSeconds: number[];
  maxLifetimeSeconds: number;
  bouncesEnabled: boolean;
  /** Preselected "fail over to round robin" for newly added domains. */
  defaultFailoverToRoundRobin: boolean;
  /** LEAST_SPOOL: among round-robin gateways, prefer the one whose SmarterMail spool is emptiest. */
  balancing: z.infer<typeof balancingField>;
};

/**
 * The Failover tab. The form keeps the text as typed; the same schema turns it into seconds for the server.
 * retryDelays: wait after the 1st, 2nd, … failed attempt; the last one repeats until maxLifetime is reached.
 */
export const deliverySettingsInputSchema = z.object({
  retryDelays: retryDelaysField,
  maxLifetime: lifetimeField,
  bouncesEnabled: z.boolean(),
  defaultFailoverToRoundRobin: z.boolean(),
  balancing: balancingField,
});
export type DeliverySettingsInput = z.input<typeof deliverySettingsInputSchema>;
export type DeliverySettingsUpdate = z.output<typeof deliverySettingsInputSchema>;

/** Stored settings → the form's text. */
export function toDeliverySettingsInput(settings: DeliverySettingsValues): DeliverySettingsInput {
  return {
    retryDelays: settings.retryDelaysSeconds.map(formatDuration).join(", "),
    maxLifetime: formatDuration(settings.maxLifetimeSeconds),
    bouncesEnabled: settings.bouncesEnabled,
    defaultFailoverToRoundRobin: settings.defaultFailoverToRoundRobin,
    balancing: settings.balancing,
  };
}
