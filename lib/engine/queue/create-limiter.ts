export type Limiter = <R>(task: () => Promise<R>, options?: { maxWaitMs?: number }) => Promise<R>;

/** Thrown by a Limiter when a task found no place within its `maxWaitMs`; the task never ran. */
export class LimiterWaitTimeout extends Error {
  constructor(maxWaitMs: number) {
    super(`no place within ${maxWaitMs} ms`);
    this.name = "LimiterWaitTimeout";
  }
}

/**
 * Runs at most `limit` tasks at once, the others wait in arrival order. Shared by the batches of one drain, so a
 * batch's sends start as soon as the previous batch's last sends free their places. A task given `maxWaitMs` stops
 * waiting after that long and rejects with LimiterWaitTimeout without running.
 */
export function createLimiter(limit: number): Limiter {
  let running = 0;
  const waiting: Array<() => void> = [];
  const waitForPlace = (maxWaitMs: number | undefined) =>
    new Promise<void>((resolve, reject) => {
      if (maxWaitMs === undefined) {
        waiting.push(resolve);
        return;
      }
      const take = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(take), 1);
        reject(new LimiterWaitTimeout(maxWaitMs));
      }, maxWaitMs);
      waiting.push(take);
    });
  return async (task, options) => {
    if (running >= Math.max(1, limit)) await waitForPlace(options?.maxWaitMs);
    else running += 1;
    try {
      return await task();
    } finally {
      // Hands the place straight to the next waiter (running stays the same) or frees it.
      if (waiting.length > 0) waiting.shift()!();
      else running -= 1;
    }
  };
}
