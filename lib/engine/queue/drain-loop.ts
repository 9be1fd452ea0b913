import { log } from "../../platform/log";
import { watchQueueTableStatistics } from "./analyze-unanalyzed-queue-tables";
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
  /** Stops claiming, waits for the messages in flight to be sent and recorded, closes the listener. */
  stop(): Promise<void>;
  /** Drain now (as a NOTIFY would). */
  wake(): void;
};

const MAX_ERROR_BACKOFF_MS = 30_000;

/**
 * Runs drainQueue continuously: right away when a NOTIFY on outgate_queue says mail arrived, and every
 * `pollIntervalMs` otherwise. Errors (database down) are logged and retried with backoff; the loop never throws.
 * Every 2 s it also analyzes queue tables that hold mail but have no statistics yet (watchQueueTableStatistics).
 */
export function startDrainLoop({ workerId, connectionString = process.env.DATABASE_URL, pollIntervalMs = 5_000, drain }: DrainLoopOptions): DrainLoop {
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  let stopping = false;
  let woken = false;
  const abort = new AbortController();
  let release: (() => void) | null = null;
  // A drain in progress (slow sends outstanding) waits on this too, so mail queued meanwhile is claimed at once.
  let signalWake = () => {};
  let nextWake = new Promise<void>((resolve) => (signalWake = resolve));

  const wake = () => {
    woken = true;
    release?.();
    signalWake();
    nextWake = new Promise<void>((resolve) => (signalWake = resolve));
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
  // A new install (or a TRUNCATE) taking mail at once would run on plans made for empty tables until autovacuum's first
  // analyze, a minute or more later (analyze-unanalyzed-queue-tables.ts).
  const statistics = watchQueueTableStatistics({ workerId });

  async function run(): Promise<void> {
    let failures = 0;
    log("info", "drain_loop.started", { workerId });
    while (!stopping) {
      woken = false;
      try {
        // No claim or time limit: a pass ends when nothing is held and the queue is empty. A limit would stop the
        // claims while a slow gateway still holds a send (up to 10 minutes), and so hold up everything behind it.
        const result = await drainQueue({
          maxMessages: Infinity,
          maxMs: Infinity,
          idlePollMs: pollIntervalMs,
          ...drain,
          workerId,
          signal: abort.signal,
          nextWake: () => nextWake,
        });
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
      statistics.stop();
      abort.abort();
      release?.();
      await running;
      await listener.close();
    },
  };
}
