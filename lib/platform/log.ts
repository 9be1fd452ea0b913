/**
 * A tiny structured logger: one JSON object per line on stdout, so log shippers can parse
 * delivery attempts without a format of our own. OUTGATE_LOG_LEVEL=silent|error|warn|info|debug (default info);
 * tests set it to silent.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

const RANK: Record<LogLevel | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

function threshold(): number {
  // Read per call (cheap) so a test or an operator can change it without restarting the module.
  const configured = (process.env.OUTGATE_LOG_LEVEL ?? "info").toLowerCase();
  return RANK[configured as LogLevel] ?? RANK.info;
}

export function log(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
  if (RANK[level] < threshold()) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }, replaceErrors);
  process.stdout.write(line + "\n");
}

// Errors and bigints do not survive JSON.stringify on their own.
function replaceErrors(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
  if (typeof value === "bigint") return value.toString();
  return value;
}

/**
 * A refused login, one line each (event "auth.failed"): which service, the user name given, the client's address
 * (null when unknown) and why — what an operator reads after an attack and what fail2ban-style tools match on.
 * Never the password or key.
 */
export function logAuthFailure(fields: { service: "console" | "smtp" | "api"; user?: string | null; client: string | null; reason: string }): void {
  log("warn", "auth.failed", fields);
}

/**
 * A login told to try again in a moment without being checked (too many attempts of its user or address being checked
 * at once): event "auth.deferred" at info — not a failure, so a ban rule on auth.failed never bans a busy client.
 */
export function logAuthDeferred(fields: { service: "console" | "smtp"; user: string; client: string | null }): void {
  log("info", "auth.deferred", { ...fields, reason: "too many attempts being checked at once" });
}
