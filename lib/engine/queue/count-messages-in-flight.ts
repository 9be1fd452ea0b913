import { runStatement } from "../../platform/db";

/**
 * Messages a worker holds right now: QUEUED with a lease (lease_until) still running — being delivered. A claim
 * takes only due messages and leaves next_attempt_at as it is, so every leased message is due: the (status,
 * next_attempt_at) index narrows the count to the due rows, and only their lease is read from the table.
 */
export async function countMessagesInFlight(): Promise<number> {
  const [row] = await runStatement<{ count: number }>(
    `SELECT count(*)::int AS count FROM messages WHERE status = 'QUEUED' AND next_attempt_at <= now() AND lease_until > now()`,
    [],
  );
  return row.count;
}
