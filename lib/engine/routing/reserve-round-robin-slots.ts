import { getDb } from "../../platform/db";

/**
 * Reserves `count` consecutive round-robin slots with one atomic increment of the shared cursor, and returns the
 * first. Every worker on every machine draws from the same counter, so together they take turns fairly.
 */
export async function reserveRoundRobinSlots(count: number): Promise<bigint> {
  if (count <= 0) return 0n;
  const rows = await getDb().$queryRaw<{ start: bigint }[]>`
    INSERT INTO round_robin_cursor (id, position) VALUES (1, ${count})
    ON CONFLICT (id) DO UPDATE SET position = round_robin_cursor.position + ${count}
    RETURNING position - ${count} AS start`;
  return BigInt(rows[0].start);
}
