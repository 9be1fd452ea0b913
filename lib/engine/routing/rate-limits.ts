/** One limit of a subject (gateway, domain or API key): at most `limit` messages per window of `windowSeconds`. */
export type RateLimit = { windowSeconds: number; limit: number };

/**
 * The length of a "minute", an "hour" and a "day" window in seconds. Production always uses RATE_WINDOW_SECONDS;
 * a test may pass shorter ones (DrainOptions.rateWindowSeconds) to run the very same code in seconds.
 */
export type RateWindowLengths = { minute: number; hour: number; day: number };
export const RATE_WINDOW_SECONDS: RateWindowLengths = { minute: 60, hour: 3_600, day: 86_400 };

type LimitColumns = { perMinuteLimit?: number | null; perHourLimit?: number | null; perDayLimit?: number | null };

/** The limits a row configures (null columns are unlimited), shortest window first; [] = unlimited. */
export function toRateLimits(row: LimitColumns, lengths: RateWindowLengths = RATE_WINDOW_SECONDS): RateLimit[] {
  const limits: RateLimit[] = [];
  if (row.perMinuteLimit) limits.push({ windowSeconds: lengths.minute, limit: row.perMinuteLimit });
  if (row.perHourLimit) limits.push({ windowSeconds: lengths.hour, limit: row.perHourLimit });
  if (row.perDayLimit) limits.push({ windowSeconds: lengths.day, limit: row.perDayLimit });
  return limits;
}

/** The rate_windows subject of a gateway, a hosted domain or an API key. */
export const gatewaySubject = (id: string) => `gateway:${id}`;
export const domainSubject = (id: string) => `domain:${id}`;
export const apiKeySubject = (id: string) => `key:${id}`;

/** A window of `windowSeconds` containing `at`: windows are aligned to the Unix epoch (UTC days for a day). */
export function windowStartOf(at: Date, windowSeconds: number): Date {
  const ms = windowSeconds * 1000;
  return new Date(Math.floor(at.getTime() / ms) * ms);
}
