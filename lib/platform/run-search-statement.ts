import type pg from "pg";
import { runInTransaction } from "./run-in-transaction";

/**
 * A read-only search statement (the Messages page's rows and counts per status, and the ids a filter selects),
 * planned for its values like runStatement, but without parallel workers (SET LOCAL, this transaction only). Why:
 * these statements stop early (LIMIT 51, counts capped at 10,001 rows), and a parallel plan overscans — a Gather
 * Merge read 76,000 messages to return 51 — and takes cores from the delivery workers. At 1,000,000 messages on the
 * 2-core box (bench figure search, bench/RESULTS.md) a common recipient's page + counts went from 378 to 212 ms, a
 * common subject's from 178 to 67 ms. Rows as pg returns them; errors are pg's (the statement, or a lost connection).
 */
export async function runSearchStatement<Row extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<Row[]> {
  return runInTransaction(async (client) => {
    await client.query("SET LOCAL max_parallel_workers_per_gather = 0");
    return (await client.query<Row>(text, values)).rows;
  });
}
