import { runStatement } from "../../platform/db";

/**
 * Gives claimed messages back to the queue unsent: their gateway had no free place for them within the wait the
 * drain allows (it is answering slowly), and holding them would keep this worker from claiming mail for other
 * gateways. They come due again after `delayMs`; the claim did not count as an attempt (attempts counts tries).
 * Guarded by the lease token like every other write of a claim. Returns the ids given back (a message whose
 * lease was already lost is not touched).
 */
export async function giveBackMessages({ leaseToken, ids, delayMs }: { leaseToken: string; ids: string[]; delayMs: number }): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await runStatement<{ id: string }>(GIVE_BACK, [leaseToken, ids, delayMs / 1000]);
  return rows.map((row) => row.id);
}

const GIVE_BACK = `
  UPDATE messages
     SET lease_token = NULL,
         next_attempt_at = now() + make_interval(secs => $3::double precision),
         attempts = greatest(attempts - 1, 0),
         updated_at = now()
   WHERE id = ANY($2::uuid[]) AND lease_token = $1::uuid AND status = 'QUEUED'
  RETURNING id`;
