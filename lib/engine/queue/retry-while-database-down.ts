import { isDatabaseUnavailable } from "../../platform/errors";
import { log } from "../../platform/log";

type RetryOptions = { maxMs: number; firstDelayMs?: number; maxDelayMs?: number; what: string };

/**
 * Runs `work`, retrying with growing pauses while the database is unreachable, for up to `maxMs`.
 * Used to record a batch whose mail was already sent: giving up at the first connection error would leave the
 * batch leased until the lease expires and then send it again. The write is guarded by the lease token, so a
 * retry after a commit whose answer was lost changes nothing.
 */
export async function retryWhileDatabaseDown<T>(work: () => Promise<T>, { maxMs, firstDelayMs = 250, maxDelayMs = 5000, what }: RetryOptions): Promise<T> {
  const deadline = Date.now() + maxMs;
  for (let delay = firstDelayMs; ; delay = Math.min(delay * 2, maxDelayMs)) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + delay > deadline) throw error;
      log("warn", "database.retry", { what, retryInMs: delay, error });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
