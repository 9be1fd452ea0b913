import { getDb } from "../../platform/db";

/**
 * Pushes the lease of a batch still being sent further out. A slow gateway (long socket timeouts, failovers)
 * must never let the lease run out mid-send: another worker would take the messages and send them twice.
 * Returns how many messages are still ours.
 */
export async function extendLease(leaseToken: string, leaseSeconds: number): Promise<number> {
  return getDb().$executeRaw`
    UPDATE messages SET lease_until = now() + make_interval(secs => ${leaseSeconds}::double precision)
     WHERE lease_token = ${leaseToken}::uuid AND status = 'QUEUED'`;
}
