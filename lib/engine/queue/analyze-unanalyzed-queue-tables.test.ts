import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runStatement } from "../../platform/db";
import { resetDatabase } from "../../../test/db";
import { insertTestMessages } from "../../../test/queue/insert-test-message";
import { analyzeUnanalyzedQueueTables, QUEUE_TABLES, watchQueueTableStatistics } from "./analyze-unanalyzed-queue-tables";

const reltuples = async () =>
  Object.fromEntries(
    (await runStatement<{ relname: string; reltuples: number }>(`SELECT relname, reltuples FROM pg_class WHERE relname = ANY($1::text[])`, [[...QUEUE_TABLES]])).map(
      (row) => [row.relname, Number(row.reltuples)],
    ),
  );

/** Sets autovacuum_enabled on the queue tables: these tests watch Outgate's analyze, not autovacuum's own clock. */
const setAutovacuum = (enabled: boolean) =>
  runStatement(`${QUEUE_TABLES.map((table) => `ALTER TABLE "${table}" SET (autovacuum_enabled = ${enabled})`).join("; ")}`, []);

/**
 * Empties the queue tables and drops every column statistic left by earlier test files (TRUNCATE keeps them): a new
 * install has none. Left behind, their widths and distinct counts change the planner's estimate for an empty table.
 */
async function startAsNewInstall(): Promise<void> {
  await resetDatabase();
  await runStatement(
    `SELECT pg_clear_attribute_stats('public', c.relname, a.attname, false)
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relname = ANY($1::text[]) AND c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped`,
    [[...QUEUE_TABLES]],
  );
}

describe("analyzeUnanalyzedQueueTables", () => {
  let session: pg.Client | undefined;
  beforeAll(() => setAutovacuum(false));
  afterAll(() => setAutovacuum(true));
  beforeEach(startAsNewInstall);
  afterEach(async () => {
    await session?.end();
    session = undefined;
  });

  it("analyzes the queue tables once they hold mail without statistics, so plans cached while they were empty are made again", async () => {
    // TRUNCATE (and a new install) leaves the tables without statistics. A prepared statement planned then plans them
    // as a few pages and keeps that plan until the next analyze, which autovacuum runs a minute or more later: the
    // outcome statement read the whole messages table for every group it recorded (bench/RESULTS.md run 17). A
    // session with the outcome statement's lookup (its `owned` CTE) prepared while messages is empty stands for it.
    session = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await session.connect();
    await session.query(`SET plan_cache_mode = force_generic_plan`);
    await session.query(`PREPARE owned(uuid[], uuid) AS SELECT id FROM messages WHERE id = ANY($1) AND lease_token = $2 FOR UPDATE`);
    const cachedPlan = async () =>
      (await session!.query<{ "QUERY PLAN": string }>(`EXPLAIN (COSTS OFF) EXECUTE owned(ARRAY[gen_random_uuid()], gen_random_uuid())`)).rows.map((row) => row["QUERY PLAN"]).join("\n");
    // The premise, all of it: empty, no statistics, and the plan PostgreSQL makes for that.
    const [{ rows, bytes }] = await runStatement<{ rows: number; bytes: number }>(`SELECT count(*)::int AS rows, pg_relation_size('messages')::int AS bytes FROM messages`, []);
    expect({ rows, bytes }).toEqual({ rows: 0, bytes: 0 });
    expect(Object.values(await reltuples()).every((tuples) => tuples < 0)).toBe(true);
    expect(await cachedPlan()).toMatch(/Seq Scan on messages/);
    expect(await analyzeUnanalyzedQueueTables({ minPages: 1 })).toEqual([]); // empty: nothing to learn yet

    await insertTestMessages(2_000);
    expect(await cachedPlan()).toMatch(/Seq Scan on messages/); // still the plan made for an empty table
    expect((await analyzeUnanalyzedQueueTables({ minPages: 1 })).sort()).toEqual(["message_recipients", "messages"]);
    expect(await reltuples()).toMatchObject({ messages: 2_000, message_recipients: 2_000 });
    const replanned = await cachedPlan();
    expect(replanned).toMatch(/(Index Scan using|Bitmap Index Scan on) messages_(pkey|id_status_idx)/);
    expect(replanned).not.toMatch(/Seq Scan/);
    // Analyzed tables are autovacuum's from then on.
    expect(await analyzeUnanalyzedQueueTables({ minPages: 1 })).toEqual([]);
  }, 60_000);

  it("tries a table once per storage: not again when its statistics did not come, again after TRUNCATE", async () => {
    const storageOfMessages = async () => (await runStatement<{ storage: string }>(`SELECT relfilenode::text AS storage FROM pg_class WHERE relname = 'messages'`, []))[0].storage;
    await insertTestMessages(600);
    // Tried before on this storage, and still without statistics (as when PostgreSQL refuses: it only warns).
    const attempted = new Set([`messages:${await storageOfMessages()}`]);
    expect(await analyzeUnanalyzedQueueTables({ minPages: 1, attempted })).not.toContain("messages");
    expect((await reltuples()).messages).toBeLessThan(0);
    await startAsNewInstall(); // TRUNCATE: new storage, no statistics
    await insertTestMessages(600);
    expect(await analyzeUnanalyzedQueueTables({ minPages: 1, attempted })).toContain("messages");
    expect((await reltuples()).messages).toBe(600);
  }, 60_000);

  it("is run by the drain loop's watcher on its own, until stopped", async () => {
    await insertTestMessages(600);
    const watcher = watchQueueTableStatistics({ workerId: "test", intervalMs: 50, minPages: 1 });
    try {
      for (let i = 0; i < 100 && (await reltuples()).messages < 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await reltuples()).messages).toBe(600);
    } finally {
      watcher.stop();
    }
    await startAsNewInstall();
    await insertTestMessages(600);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await reltuples()).messages).toBeLessThan(0); // stopped: nothing analyzes any more
  }, 60_000);

  it("leaves a small table alone: any plan reads it quickly", async () => {
    await insertTestMessages(20);
    expect(await analyzeUnanalyzedQueueTables()).toEqual([]);
  });
});
