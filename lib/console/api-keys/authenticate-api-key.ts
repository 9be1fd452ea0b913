import { batchConcurrentCalls } from "../../platform/batch-concurrent-calls";
import { runPreparedStatement } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { getProcessSingleton } from "../../platform/process-singleton";
import { hashApiKey, looksLikeApiKey } from "./api-key-format";

export type AuthenticatedApiKey = {
  id: string;
  name: string;
  /** true: the key may send for every hosted domain (domainNames is then empty). */
  allDomains: boolean;
  /** ASCII names of the hosted domains a key limited to some domains may send for; never empty for such a key. */
  domainNames: string[];
};

/** lastUsedAt is a hint for admins, not an audit log: one write a minute per key at most. */
const LAST_USED_RESOLUTION_MS = 60_000;

type KeyRow = { keyHash: string; id: string; name: string; revokedAt: Date | null; lastUsedAt: Date | null; allDomains: boolean; domainNames: string[] };

/**
 * The key behind a token as sent (`og_…`, read from the Authorization header by lib/http); AppError "unauthorized"
 * when it is unknown or revoked, "forbidden" when it is limited to domains that have all been deleted (it sends for
 * nothing; an empty list never means "every domain", so deleting domains cannot widen a key). Read from the database
 * for every request (no cache), so a revocation or a domain's deletion takes effect on the very next request.
 */
export async function authenticateApiKey(token: string): Promise<AuthenticatedApiKey> {
  // A malformed token cannot match any key: answer without a database round trip.
  if (!looksLikeApiKey(token)) throw new AppError("unauthorized", "The API key is not valid.");
  const key = await lookUpKey(hashApiKey(token));
  if (!key) throw new AppError("unauthorized", "The API key is not valid.");
  if (key.revokedAt) throw new AppError("unauthorized", "This API key has been revoked.");
  if (!key.allDomains && key.domainNames.length === 0) {
    throw new AppError("forbidden", "This API key is limited to domains that no longer exist, so it may not send for any domain. Create a new key.");
  }
  return { id: key.id, name: key.name, allDomains: key.allDomains, domainNames: key.domainNames };
}

/**
 * Concurrent requests share one statement: while one lookup runs, the next requests wait and are then looked up
 * together. Each is still read after it arrived (never from an earlier read), so there is no staleness to allow for.
 * One per process (getProcessSingleton), so requests served by every module copy group together.
 */
const lookUpKey = getProcessSingleton("outgate.api-keys.key-lookup", () => batchConcurrentCalls(lookUpApiKeys, { maxInFlight: 2 }));

const KEY_COLUMNS = `
  SELECT k.key_hash AS "keyHash", k.id, k.name, k.revoked_at AS "revokedAt", k.last_used_at AS "lastUsedAt",
         k.all_domains AS "allDomains",
         array(SELECT d.name FROM api_key_domains AS kd JOIN domains AS d ON d.id = kd.domain_id
                WHERE kd.api_key_id = k.id ORDER BY d.name) AS "domainNames"
    FROM api_keys AS k`;

/**
 * One key (the usual case: a group's requests carry the same key) has a statement of its own. With an array PostgreSQL
 * expects 10 keys in a generic plan, finds every custom plan cheaper and so plans the lookup afresh on every call
 * (measured: 125 µs of planning for 35 µs of execution); `= $1` on the unique index gets the same plan either way and
 * is planned once per connection.
 */
const LOOK_UP_KEY = { name: "outgate_look_up_api_key", text: `${KEY_COLUMNS} WHERE k.key_hash = $1::text` };
const LOOK_UP_KEYS = { name: "outgate_look_up_api_keys", text: `${KEY_COLUMNS} WHERE k.key_hash = ANY($1::text[])` };

/** The keys with these hashes, with their domains: one prepared statement, read-only. */
async function lookUpApiKeys(keyHashes: string[]): Promise<(KeyRow | null)[]> {
  const distinct = [...new Set(keyHashes)];
  const rows =
    distinct.length === 1
      ? await runPreparedStatement<KeyRow>(LOOK_UP_KEY.name, LOOK_UP_KEY.text, distinct)
      : await runPreparedStatement<KeyRow>(LOOK_UP_KEYS.name, LOOK_UP_KEYS.text, [distinct]);
  const cutoff = Date.now() - LAST_USED_RESOLUTION_MS;
  const due = rows.filter((row) => !row.revokedAt && (!row.lastUsedAt || row.lastUsedAt.getTime() <= cutoff)).map((row) => row.id);
  if (due.length > 0) await recordUse(due, cutoff);
  const byHash = new Map(rows.map((row) => [row.keyHash, row]));
  return keyHashes.map((keyHash) => byHash.get(keyHash) ?? null);
}

const RECORD_USE = `
  UPDATE api_keys SET last_used_at = now()
   WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL AND (last_used_at IS NULL OR last_used_at <= $2)`;

/**
 * At most once a minute per key, a second statement records the use. Kept out of the lookup: a data-modifying
 * WITH made every lookup cost PostgreSQL CPU for a write that is due once a minute. The UPDATE is
 * conditional, so concurrent requests from one key still write once; a revoked key is not touched.
 */
async function recordUse(ids: string[], cutoff: number): Promise<void> {
  await runPreparedStatement("outgate_record_api_key_use", RECORD_USE, [ids, new Date(cutoff)]);
}
