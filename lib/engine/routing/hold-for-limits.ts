import { runStatement } from "../../platform/db";

/**
 * Gives claimed messages back unsent until the given times (the end of the limit window that holds them): one
 * statement for a claim's holds. Like a give-back, attempts is unchanged (it counts tries)
 * and the status stays QUEUED — the mail is simply not due yet. Guarded by the lease token; returns the ids held.
 */
export async function holdForLimits({ leaseToken, holds }: { leaseToken: string; holds: { id: string; until: Date }[] }): Promise<string[]> {
  if (holds.length === 0) return [];
  const rows = await runStatement<{ id: string }>(HOLD, [leaseToken, holds.map((hold) => hold.id), holds.map((hold) => hold.until)]);
  return rows.map((row) => row.id);
}

const HOLD = `
  UPDATE messages AS m
     SET lease_token = NULL,
         lease_until = NULL,
         next_attempt_at = greatest(h.until, now()),
         updated_at = now()
    FROM unnest($2::uuid[], $3::timestamptz[]) AS h(id, until)
   WHERE m.id = h.id AND m.lease_token = $1::uuid AND m.status = 'QUEUED'
  RETURNING m.id`;
