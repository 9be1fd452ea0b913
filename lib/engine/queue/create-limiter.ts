export type Limiter = <R>(task: () => Promise<R>) => Promise<R>;

/**
 * Runs at most `limit` tasks at once, the others wait in arrival order. Shared by the batches of one drain, so a
 * batch's sends start as soon as the previous batch's last sends free their places.
 */
export function createLimiter(limit: number): Limiter {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (running >= Math.max(1, limit)) await new Promise<void>((resolve) => waiting.push(resolve));
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
