import type pg from "pg";
import { insertQueuedMessages } from "./seed";
import { sleep } from "./wait";

/** Queues `perTick` messages every `everyMs` until stopped; remembers every Message-ID it queued. */
export function startFeeder(db: Pick<pg.Pool, "query">, options: { from: string; to: string; tag: string; perTick: number; everyMs: number }) {
  const ids: string[] = [];
  let stopped = false;
  let tick = 0;
  const running = (async () => {
    while (!stopped) {
      tick += 1;
      ids.push(...(await insertQueuedMessages(db, { count: options.perTick, from: options.from, to: options.to, tag: `${options.tag}-${tick}` })));
      await sleep(options.everyMs);
    }
  })();
  return {
    ids,
    async stop() {
      stopped = true;
      await running;
    },
  };
}
