import { runStatement } from "../../../platform/db";

/** Messages an admin holds (status HELD): in the queue, never sent until released. Served by the (status, next_attempt_at) index. */
export async function countHeldMessages(): Promise<number> {
  const [row] = await runStatement<{ count: number }>(`SELECT count(*)::int AS count FROM messages WHERE status = 'HELD'`, []);
  return row.count;
}
