export type Ticker = { stop(): Promise<void> };

/**
 * Runs `tick` every `tickMs` ms, counted from the end of the previous run (never two at once), until stop(), which
 * cancels the next run and waits for the one in flight. `tick` gets `isStopped` to end a long run early, and must
 * not throw: it logs its own errors (a rejected run would end the ticker's chain silently otherwise).
 */
export function startTicker(tickMs: number, tick: (isStopped: () => boolean) => Promise<void>): Ticker {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> = Promise.resolve();
  const isStopped = () => stopped;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick(isStopped).finally(schedule);
    }, tickMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
