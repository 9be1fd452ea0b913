import { log } from "../../platform/log";
import { extendLease } from "./extend-lease";

/** Renews the claim's lease every third of its length until `work` is done (its last message recorded). */
export async function withLeaseRenewal<T>(leaseToken: string, leaseSeconds: number, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {
    extendLease(leaseToken, leaseSeconds).catch((error) => log("error", "drain.lease_renewal_failed", { error }));
  }, Math.max(100, (leaseSeconds * 1000) / 3));
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
