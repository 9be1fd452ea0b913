import { log } from "../../platform/log";
import { drainQueue, type DrainOptions } from "./drain-queue";
import { listenForQueue } from "./listen-for-queue";

export type DrainLoopOptions = {
  workerId: string;
  /** Defaults to DATABASE_URL. */
  connectionString?: string;
  /** Safety net for retries coming due and expired leases, which send no NOTIFY. */
  pollIntervalMs?: number;
  drain?: Omit<DrainOptions, "workerId">;
};

export type DrainLoop = {
  /** Stops claiming, waits for the batch in flight to be recorded, closes the listener. */
  stop(): Promise<void>;
  /** Drain now (as a NOTIFY would). */
  wake(): void;
};

const MAX_ERROR_BACKOFF_MS = 30_000;

/**
 * Runs drainQueue continuously: right away when a NOTIFY on outgate_queue says mail arrived, and every
 * `pollIntervalMs` otherwise. Errors (database down) are logged and retried with backoff; the loop never throws.
 */
export function startDrainLoop({ workerId, connectionString = process.env.DATABASE_URL, pollIntervalMs = 5_000, drain }: DrainLoopOptions): DrainLoop {
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  let stopping = false;
  let woken = false;
  const abort = new AbortController();
  let release: (() => void) | null = null;

  const wake = () => {
    woken = true;
    release?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || stopping) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        release = null;
        resolve();
      }
      release = done;
    });

  const listener = listenForQueue({ connectionString, onWake: wake });

  async function run(): Promise<void> {
    let failures = 0;
    log("info", "drain_loop.started", { workerId });
    while (!stopping) {
      woken = false;
      try {
        const result = await drainQueue({ ...drain, workerId, signal: abort.signal });
        failures = 0;
        // A full run means more may be waiting: go again without sleeping.
        if (result.claimed > 0) continue;
        await sleep(pollIntervalMs);
      } catch (error) {
        failures += 1;
        const delay = Math.min(MAX_ERROR_BACKOFF_MS, 500 * 2 ** Math.min(failures, 10));
        log("error", "drain_loop.failed", { workerId, error, retryInMs: delay });
        woken = false;
        await sleep(delay);
      }
    }
    log("info", "drain_loop.stopped", { workerId });
  }

  const running = run();
  return {
    wake,
    async stop() {
      stopping = true;
      abort.abort();
      release?.();
      await running;
      await listener.close();
    },
  };
}
