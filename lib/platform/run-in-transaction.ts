import type pg from "pg";
import { getPool } from "./db";

/**
 * Runs `work` in one transaction on a client of the one pool: COMMIT when it resolves, ROLLBACK (and the error
 * passed on) when it throws. For the few engine writes (queue and routing) that must commit together and run without Prisma, such as
 * an outcome record and the DSNs it queues.
 */
export async function runInTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  // A connection that breaks mid-transaction fails the query in flight; its "error" event must not crash the process.
  const ignore = () => {};
  client.on("error", ignore);
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.removeListener("error", ignore);
    // A client that could not even roll back is in no known state: the pool closes it instead of lending it again.
    client.release(broken);
  }
}
