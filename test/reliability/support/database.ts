import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../../lib/platform/embedded-postgres";
import { applyMigrations } from "../../../prisma/migrator";

export type TestDatabase = {
  url: string;
  port: number;
  /** For the test's own setup and checks; not shared with the processes under test. */
  pool: pg.Pool;
  /** Stops PostgreSQL (fast shutdown: open connections are cut, as in a real restart). */
  stop(): Promise<void>;
  /** Starts it again on the same data folder and port. */
  start(): Promise<void>;
  /** Ends the pool and stops PostgreSQL if it runs. */
  close(): Promise<void>;
};

/** A real, migrated PostgreSQL in `<root>/pg`, with a pool for the test. */
export async function startTestDatabase(root: string): Promise<TestDatabase> {
  const dataDir = path.join(root, "pg");
  let current: EmbeddedDatabase | null = await startEmbeddedPostgres({ dataDir });
  const { url, port } = current;
  await applyMigrations(url);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // Connections die when the test restarts PostgreSQL; the pool must not crash the test process for that.
  pool.on("error", () => {});

  return {
    url,
    port,
    pool,
    async stop() {
      const running = current;
      current = null;
      await running?.stop();
    },
    async start() {
      if (current) return;
      current = await startEmbeddedPostgres({ dataDir, port });
    },
    async close() {
      await pool.end().catch(() => {});
      const running = current;
      current = null;
      await running?.stop().catch(() => {});
    },
  };
}
