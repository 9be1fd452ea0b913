import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { getProcessSingleton } from "./process-singleton";

/** The pool and the Prisma client, each made on first use: one per process, whichever module copy asks. */
const shared = getProcessSingleton("outgate.platform.db", (): { pool?: pg.Pool; prisma?: PrismaClient } => ({}));

/**
 * The one connection pool. Prisma runs on it through its pg adapter; the few statements on the submission hot path
 * run on it directly as named prepared statements (see runPreparedStatement). Created on first use so `next build`
 * needs no database, and one per process (getProcessSingleton) so every module copy and the in-process worker share it.
 */
export function getPool(): pg.Pool {
  if (!shared.pool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    const pool = new pg.Pool({ connectionString, max: Number(process.env.OUTGATE_DB_POOL_SIZE ?? 10) });
    // An idle connection that dies (e.g. PostgreSQL restarts) is dropped from the pool; it must not crash the process.
    pool.on("error", () => {});
    shared.pool = pool;
  }
  return shared.pool;
}

/** The one Prisma client, on the one pool. */
export function getDb(): PrismaClient {
  shared.prisma ??= new PrismaClient({ adapter: new PrismaPg(getPool()) });
  return shared.prisma;
}

/**
 * A statement that runs many times a second, prepared once per connection under `name` (PostgreSQL plans it once
 * instead of for every call) and sent without Prisma's per-query work, several times pg's CPU per call
 * (bench/RESULTS.md, run 6).
 * `text` must be the same for a name every time.
 */
export async function runPreparedStatement<Row extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<Row[]> {
  const result = await getPool().query<Row>({ name, text, values });
  return result.rows;
}

/**
 * A statement on the pool without Prisma, planned afresh for its values every time. For the per-batch statements
 * whose best plan depends on the data: a prepared statement may settle on one generic plan for good, and planning
 * once per batch costs a few µs per message. (The claim needs more than fresh planning: runStatementWithPlannerSettings.)
 */
export async function runStatement<Row extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<Row[]> {
  const result = await getPool().query<Row>(text, values);
  return result.rows;
}

/**
 * One statement planned with some planner settings changed for it alone: `SET LOCAL`s and the statement go as one
 * multi-statement simple query, which PostgreSQL runs as one implicit transaction (one round trip), so the settings end
 * with it and never reach the pooled connection's next user. The simple query protocol takes no parameters: `text`
 * carries its values inline, and the caller must have checked each (numbers finite, ids isUuid). For a statement whose
 * good plan must not depend on fresh statistics (the queue claim after a burst, claim-messages.ts).
 */
export async function runStatementWithPlannerSettings<Row extends pg.QueryResultRow>(settings: Readonly<Record<string, "on" | "off">>, text: string): Promise<Row[]> {
  const sets = Object.entries(settings).map(([name, value]) => {
    if (!/^enable_[a-z_]+$/.test(name)) throw new Error(`not a planner method setting: ${name}`);
    return `SET LOCAL ${name} = ${value};`;
  });
  const results = (await getPool().query(`${sets.join(" ")} ${text}`)) as unknown as pg.QueryResult<Row> | pg.QueryResult<Row>[];
  // pg answers a multi-statement query with one result per statement; the statement's is the last.
  return Array.isArray(results) ? results[results.length - 1].rows : results.rows;
}

export async function disconnectDb(): Promise<void> {
  const { prisma, pool } = shared;
  shared.prisma = undefined;
  shared.pool = undefined;
  await prisma?.$disconnect();
  await pool?.end();
}
