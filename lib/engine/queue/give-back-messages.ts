import { runStatement } from "../../platform/db";
import { log } from "../../platform/log";

/** Given-back messages of one claim that time out within this long of each other go back in one statement. */
const GIVE_BACK_GATHER_MS = 20;

/**
 * Gives claimed messages back to the queue unsent: their gateway had no free place for them within the wait the
 * drain allows (it is answering slowly), and holding them would keep this worker from claiming mail for other
 * gateways. They come due again after `delayMs`; attempts is unchanged (it counts tries, and the outcome counts them).
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
         lease_until = NULL,
         next_attempt_at = now() + make_interval(secs => $3::double precision),
         updated_at = now()
   WHERE id = ANY($2::uuid[]) AND lease_token = $1::uuid AND status = 'QUEUED'
  RETURNING id`;

/**
 * Gives messages of one claim back in groups (one statement per GIVE_BACK_GATHER_MS). Never throws: a message that
 * could not be given back (database down) keeps its lease and comes due again when the lease runs out.
 */
export function createGiveBack(leaseToken: string, delayMs: number, workerId: string) {
  let ids: string[] = [];
  const gateways = new Set<string>();
  let flushing: Promise<void> | null = null;
  return (id: string, gatewayId: string | undefined): Promise<void> => {
    ids.push(id);
    if (gatewayId) gateways.add(gatewayId);
    flushing ??= new Promise<void>((resolve) => setTimeout(resolve, GIVE_BACK_GATHER_MS)).then(async () => {
      const group = ids;
      const gatewayIds = [...gateways];
      ids = [];
      gateways.clear();
      flushing = null;
      try {
        const given = await giveBackMessages({ leaseToken, ids: group, delayMs });
        log("info", "drain.gave_back", { workerId, count: given.length, gatewayIds, dueAgainInMs: delayMs });
      } catch (error) {
        log("warn", "drain.give_back_failed", { workerId, count: group.length, error });
      }
    });
    return flushing;
  };
}
