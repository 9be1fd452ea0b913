import pg from "pg";
import { log } from "../../platform/log";
import { QUEUE_CHANNEL } from "./queue-channel";

export type QueueListener = { close(): Promise<void> };

export type ListenOptions = {
  connectionString: string;
  /** Called on every NOTIFY, and after each (re)connect since notifications sent meanwhile were lost. */
  onWake: () => void;
  channel?: string;
};

const MAX_RECONNECT_DELAY_MS = 30_000;

/**
 * LISTENs on a dedicated connection (a pooled one could be handed to a query and miss notifications). When
 * Postgres restarts or the connection drops, it reconnects by itself with capped exponential backoff.
 */
export function listenForQueue({ connectionString, onWake, channel = QUEUE_CHANNEL }: ListenOptions): QueueListener {
  let closed = false;
  let current: pg.Client | null = null;
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;

  async function connect(): Promise<void> {
    timer = null;
    if (closed) return;
    const client = new pg.Client({ connectionString, keepAlive: true });
    current = client;
    client.on("notification", () => onWake());
    client.on("error", (error) => drop(client, error));
    client.on("end", () => drop(client, new Error("connection ended")));
    try {
      await client.connect();
      await client.query(`LISTEN "${channel}"`);
      if (current !== client) return;
      if (failures > 0) log("info", "queue.listen_restored", { channel });
      failures = 0;
      onWake();
    } catch (error) {
      drop(client, error);
    }
  }

  function drop(client: pg.Client, error: unknown): void {
    // "error" and "end" both fire for one broken connection; only the first schedules a reconnect.
    if (current !== client) return;
    current = null;
    client.removeAllListeners();
    client.on("error", () => {});
    client.end().catch(() => {});
    if (closed) return;
    failures += 1;
    const delay = Math.min(MAX_RECONNECT_DELAY_MS, 250 * 2 ** Math.min(failures, 10));
    log("warn", "queue.listen_lost", { channel, error, retryInMs: delay });
    timer = setTimeout(() => void connect(), delay);
  }

  void connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const client = current;
      current = null;
      if (!client) return;
      client.removeAllListeners();
      client.on("error", () => {});
      await client.end().catch(() => {});
    },
  };
}
