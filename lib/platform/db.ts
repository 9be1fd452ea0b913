import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client.ts";

const globalForDb = globalThis as unknown as { outgatePool?: pg.Pool; outgatePrisma?: PrismaClient };

/**
 * The one connection pool. Prisma runs on it through its pg adapter; the few statements on the submission hot path
 * run on it directly as named prepared statements (see runPreparedStatement). Created on first use so `next build`
 * needs no database, and kept on globalThis so Next's dev reloads and the in-process worker share it.
 */
export function getPool(): pg.Pool {
  if (!globalForDb.outgatePool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    const pool = new pg.Pool({ connectionString, max: Number(process.env.OUTGATE_DB_POOL_SIZE ?? 10) });
    // An idle connection that dies (e.g. PostgreSQL restarts) is dropped from the pool; it must not crash the process.
    pool.on("error", () => {});
    globalForDb.outgatePool = pool;
  }
  return globalForDb.outgatePool;
}

/** The one Prisma client, on the one pool. */
export function getDb(): PrismaClient {
  globalForDb.outgatePrisma ??= new PrismaClient({ adapter: new PrismaPg(getPool()) });
  return globalForDb.outgatePrisma;
}

/**
 * A statement that runs many times a second, prepared once per connection under `name` (PostgreSQL plans it once
 * instead of for every call) and sent without Prisma's per-query work: measured per call, Prisma's $queryRaw cost
 * ~550 µs of Node CPU where pg needs ~100 µs, and planning ~100 µs of PostgreSQL's (bench/RESULTS.md, run 6).
 * `text` must be the same for a name every time.
 */
export async function runPreparedStatement<Row extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<Row[]> {
  const result = await getPool().query<Row>({ name, text, values });
  return result.rows;
}

/**
 * A statement on the pool without Prisma, planned afresh for its values every time. For the per-batch statements
 * whose best plan depends on the data (the claim's LIMIT and how much is queued): a prepared statement may settle
 * on one generic plan for good, and planning once per batch costs a few µs per message.
 */
export async function runStatement<Row extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<Row[]> {
  const result = await getPool().query<Row>(text, values);
  return result.rows;
}

export async function disconnectDb(): Promise<void> {
  const { outgatePrisma: prisma, outgatePool: pool } = globalForDb;
  globalForDb.outgatePrisma = undefined;
  globalForDb.outgatePool = undefined;
  await prisma?.$disconnect();
  await pool?.end();
}
