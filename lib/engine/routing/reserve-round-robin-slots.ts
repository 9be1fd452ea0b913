import { runPreparedStatement } from "../../platform/db";

const RESERVE_SLOTS = `
  INSERT INTO round_robin_cursor (id, position) VALUES (1, $1)
  ON CONFLICT (id) DO UPDATE SET position = round_robin_cursor.position + $1
  RETURNING (position - $1)::text AS start`;

/**
 * Reserves `count` consecutive round-robin slots with one atomic increment of the shared cursor, and returns the
 * first. Every worker on every machine draws from the same counter, so together they take turns fairly. Runs once per
 * claim, so it is a prepared statement on the pool rather than a Prisma query: Prisma's own work per query was most of
 * a worker's Prisma time in the end-to-end figure (bench/RESULTS.md run 15). The position is a bigint, sent as text so
 * no precision is lost.
 */
export async function reserveRoundRobinSlots(count: number): Promise<bigint> {
  if (count <= 0) return 0n;
  const [row] = await runPreparedStatement<{ start: string }>("outgate_reserve_round_robin_slots", RESERVE_SLOTS, [count]);
  return BigInt(row.start);
}
