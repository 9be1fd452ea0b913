import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { startDrainLoop, type DrainLoop } from "@/lib/engine/queue/drain-loop";
import { QUEUE_CHANNEL } from "@/lib/engine/queue/queue-channel";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { createTestGateway } from "./create-test-gateway";
import { TEST_TRANSPORT, setUpEngineTests } from "./engine-test-kit";

const kit = setUpEngineTests();

// A poll interval far beyond the test's waits: only LISTEN/NOTIFY can make these deliveries happen in time.
const NEVER = 10 * 60_000;

function notifyQueue() {
  return getDb().$executeRaw`SELECT pg_notify(${QUEUE_CHANNEL}, '')`;
}

async function waitForListener() {
  for (let i = 0; i < 100; i++) {
    const rows = await getDb().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE 'LISTEN%'`;
    if (Number(rows[0].n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the drain loop never started listening");
}

describe("startDrainLoop", () => {
  it("wakes on NOTIFY, recovers after its LISTEN connection is killed, and finishes in-flight work on stop", async () => {
    const server = await kit.startServer();
    await createTestGateway({ port: server.port });
    let loop: DrainLoop | undefined;
    try {
      loop = startDrainLoop({ workerId: "test", pollIntervalMs: NEVER, drain: { transport: TEST_TRANSPORT } });
      await waitForListener();

      await insertTestMessages(3);
      await notifyQueue();
      await server.waitForMessages(3, 5_000);

      // What a Postgres restart does to the listener: its backend goes away.
      await getDb().$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'`;
      await new Promise((resolve) => setTimeout(resolve, 100));
      await waitForListener();
      await insertTestMessages(2);
      await notifyQueue();
      await server.waitForMessages(5, 5_000);

      await insertTestMessages(50);
      await notifyQueue();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await loop.stop();
      loop = undefined;
      // Whatever was claimed before stop() was recorded: no message is left holding a lease.
      expect(await getDb().message.count({ where: { leaseToken: { not: null } } })).toBe(0);
      const delivered = await getDb().message.count({ where: { status: "DELIVERED" } });
      expect(server.messages).toHaveLength(delivered);
    } finally {
      await loop?.stop();
    }
  });

  it("keeps running when a drain fails, and drains once the cause is gone", async () => {
    const server = await kit.startServer();
    await createTestGateway({ port: server.port });
    // Break the engine: the settings read fails while the table is renamed away.
    await getDb().$executeRaw`ALTER TABLE delivery_settings RENAME TO delivery_settings_away`;
    const loop = startDrainLoop({ workerId: "test", pollIntervalMs: 100, drain: { transport: TEST_TRANSPORT } });
    try {
      await insertTestMessages(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(server.messages).toHaveLength(0);
      await getDb().$executeRaw`ALTER TABLE delivery_settings_away RENAME TO delivery_settings`;
      loop.wake();
      await server.waitForMessages(1, 5_000);
    } finally {
      await getDb().$executeRaw`ALTER TABLE IF EXISTS delivery_settings_away RENAME TO delivery_settings`;
      await loop.stop();
    }
  });
});
