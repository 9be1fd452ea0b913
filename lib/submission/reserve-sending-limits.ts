import { runStatement } from "../platform/db";
import { RateLimitedError } from "../platform/rate-limited-error";
import { apiKeySubject, domainSubject, toRateLimits, type RateLimit } from "../engine/routing/rate-limits";
import { freeAtOf, giveBackRateSlots, reserveRateSlots, type RateDemand } from "../engine/routing/reserve-rate-slots";

/** Limits are read at most this often per sender domain and key (an edit is in force within a second). */
const LIMITS_MAX_AGE_MS = 1_000;
const cache = new Map<string, { at: number; demands: Promise<RateDemand[]> }>();

/**
 * Counts one submitted message against its sender domain's Reject limits and its API key's limits (issue 15), in
 * the shared windows every worker and web server uses (reserveRateSlots). All or nothing: when any of them is
 * full, nothing is counted and RateLimitedError (429, Retry-After = seconds until the full window ends) is thrown.
 * Returns a function that hands the slot back, for a message that is then not queued after all.
 * A domain with no Reject limit and a key with no limit cost one cached read, no write.
 */
export async function reserveSendingLimits({ senderDomain, apiKeyId }: { senderDomain: string; apiKeyId: string | null }): Promise<() => Promise<void>> {
  const demands = await readDemands(senderDomain, apiKeyId);
  if (demands.length === 0) return async () => {};
  const reserved = await reserveRateSlots(demands, (rooms) => {
    const full = demands.filter((demand) => (rooms.get(demand.subject)?.room ?? 1) <= 0);
    const taken = new Map(full.length === 0 ? demands.map((demand) => [demand.subject, 1]) : []);
    return { result: full.map((demand) => ({ subject: demand.subject, freeAt: rooms.get(demand.subject) ? freeAtOf(rooms.get(demand.subject)!) : null })), taken };
  });
  if (reserved.result.length > 0) {
    const latest = Math.max(...reserved.result.map((full) => full.freeAt?.getTime() ?? reserved.now.getTime() + 1000));
    const seconds = Math.max(1, Math.ceil((latest - reserved.now.getTime()) / 1000));
    const who = reserved.result.some((full) => full.subject.startsWith("key:")) ? "This API key" : `The domain ${senderDomain}`;
    throw new RateLimitedError(`${who} reached its sending limit. Try again in ${seconds} second(s).`, seconds);
  }
  return () => giveBackRateSlots(demands.map((demand) => ({ subject: demand.subject, count: 1 })), reserved.windows);
}

function readDemands(senderDomain: string, apiKeyId: string | null): Promise<RateDemand[]> {
  const key = `${senderDomain}\n${apiKeyId ?? ""}`;
  const now = Date.now();
  const cached = cache.get(key);
  if (cached && now - cached.at < LIMITS_MAX_AGE_MS) return cached.demands;
  if (cache.size > 10_000) cache.clear();
  const demands = loadDemands(senderDomain, apiKeyId);
  cache.set(key, { at: now, demands });
  demands.catch(() => cache.delete(key));
  return demands;
}

type LimitRow = { kind: "domain" | "key"; id: string; perHourLimit: number | null; perDayLimit: number | null };

async function loadDemands(senderDomain: string, apiKeyId: string | null): Promise<RateDemand[]> {
  const rows = await runStatement<LimitRow>(
    `SELECT 'domain' AS kind, id::text, per_hour_limit AS "perHourLimit", per_day_limit AS "perDayLimit"
       FROM domains WHERE name = $1 AND limit_action = 'REJECT' AND (per_hour_limit IS NOT NULL OR per_day_limit IS NOT NULL)
     UNION ALL
     SELECT 'key', id::text, per_hour_limit, per_day_limit
       FROM api_keys WHERE id = $2::uuid AND (per_hour_limit IS NOT NULL OR per_day_limit IS NOT NULL)`,
    [senderDomain, apiKeyId],
  );
  return rows.map((row) => ({
    subject: row.kind === "domain" ? domainSubject(row.id) : apiKeySubject(row.id),
    limits: toRateLimits(row) satisfies RateLimit[],
  }));
}
