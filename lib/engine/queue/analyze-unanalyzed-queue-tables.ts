import { runStatement } from "../../platform/db";
import { log } from "../../platform/log";

/** The tables the submission, claim and outcome statements look rows up in by key, and that grow with the mail. */
export const QUEUE_TABLES = ["messages", "message_recipients", "delivery_attempts"] as const;

/** Below this many 8 KiB pages (1 MiB) any plan reads a table quickly enough. */
const MIN_PAGES = 128;

export type AnalyzeOptions = {
  minPages?: number;
  /**
   * The caller's memory of what it analyzed, as "table:relfilenode". A table is analyzed at most once per storage:
   * one that still has no statistics afterwards (the database user may not analyze it: PostgreSQL only warns) is not
   * tried every time, while TRUNCATE, which gives the table new storage, makes it a candidate again.
   */
  attempted?: Set<string>;
};

/**
 * Analyzes each queue table that has no statistics yet (pg_class.reltuples < 0: never analyzed since it was created,
 * or emptied by TRUNCATE) but already holds `minPages` pages or more; returns the names it analyzed, [] when none.
 *
 * Why: without statistics PostgreSQL plans a table as a few pages, and the hot statements are prepared — the plan
 * made then is kept until the next analyze, which autovacuum runs only after its naptime (a minute by default). On a
 * new install taking mail at once, the outcome statement read the whole messages table for every group it recorded
 * until then (bench/RESULTS.md run 17). ANALYZE invalidates every session's cached plans, so all of them are made
 * again for the table's real size. Tables that have statistics are autovacuum's. Throws what PostgreSQL throws.
 */
export async function analyzeUnanalyzedQueueTables({ minPages = MIN_PAGES, attempted = new Set() }: AnalyzeOptions = {}): Promise<string[]> {
  const rows = await runStatement<{ name: string; storage: string }>(
    `SELECT relname AS name, relfilenode::text AS storage FROM pg_class
      WHERE oid = ANY($1::text[]::regclass[]) AND reltuples < 0
        AND pg_relation_size(oid) >= $2::bigint * current_setting('block_size')::bigint`,
    [[...QUEUE_TABLES], minPages],
  );
  const due = rows.filter((row) => !attempted.has(`${row.name}:${row.storage}`));
  if (due.length === 0) return [];
  for (const row of due) attempted.add(`${row.name}:${row.storage}`);
  // The names are QUEUE_TABLES' (the query looked only those up), never input.
  await runStatement(`ANALYZE ${due.map((row) => `"${row.name}"`).join(", ")}`, []);
  return due.map((row) => row.name);
}

/**
 * Runs analyzeUnanalyzedQueueTables every `intervalMs` (ms; one catalog query when there is nothing to do) until
 * stopped; the drain loop starts one. A failure (the database down) is logged once per streak, never thrown.
 */
export function watchQueueTableStatistics({ workerId, intervalMs = 2_000, minPages }: { workerId: string; intervalMs?: number; minPages?: number }): { stop(): void } {
  const attempted = new Set<string>();
  let failing = false;
  const timer = setInterval(() => {
    analyzeUnanalyzedQueueTables({ attempted, minPages }).then(
      (tables) => {
        failing = false;
        if (tables.length > 0) log("info", "queue.analyzed", { workerId, tables });
      },
      (error: unknown) => {
        if (!failing) log("warn", "queue.analyze_failed", { workerId, error });
        failing = true;
      },
    );
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
