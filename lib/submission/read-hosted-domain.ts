import { LRUCache } from "lru-cache";
import { runPreparedStatement } from "../platform/db";

/**
 * A domain found hosted is believed for this long. Only "hosted" answers are kept: a domain added on the Domains page
 * is usable at once, and one removed is still refused by the insert itself (enqueueMessages checks hosting in the
 * same statement), so the cache can never let a message of an unhosted domain into the queue.
 */
const HOSTED_MAX_AGE_MS = 1_000;

const hosted = new LRUCache<string, true>({ max: 10_000, ttl: HOSTED_MAX_AGE_MS });

/**
 * Whether `domain` (lower-case ASCII, as the schemas normalise it) is hosted here. Answers from memory when it was
 * found hosted within the last second, else one prepared query — SMTP asks at every MAIL FROM, so a busy listener
 * costs one query per domain per second, not one per message (bench/RESULTS.md, SMTP intake). Throws what the
 * database throws.
 */
export async function isDomainHosted(domain: string): Promise<boolean> {
  if (hosted.get(domain)) return true;
  const rows = await runPreparedStatement("outgate_is_domain_hosted", "SELECT 1 FROM domains WHERE name = $1", [domain]);
  if (rows.length > 0) hosted.set(domain, true);
  return rows.length > 0;
}
