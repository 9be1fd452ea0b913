import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { ask, forkTs, stopChild, waitForMessage } from "./children";
import type { BenchContext, Figure } from "./context";
import { startDatabase } from "./environment";

const CHUNK = 250_000;

type Ran = { countMs: number; ms: number; total: number; done: number; changed: number; status: string };

/**
 * Figure: bulk queue action throughput (issue 14) — Hold over the filter "status: queued" with `n` queued messages
 * (BENCH_BULK_ACTION_N, default 1,000,000; 10,000 with BENCH_QUICK), then Release of all of them, each as the
 * product runs it (a job, keyset batches of 1,000 through applyQueueAction), in a PostgreSQL of its own seeded
 * with generate_series. Prints messages per second and the confirmation's count time.
 */
export async function bulkAction(ctx: Pick<BenchContext, "config" | "outgateEnv" | "logFile" | "workDir">): Promise<Figure[]> {
  const n = Number(process.env.BENCH_BULK_ACTION_N ?? (ctx.config.quick ? 10_000 : 1_000_000));
  const { database, sql } = await startDatabase(path.join(ctx.workDir, "bulk-action"));
  try {
    const started = Date.now();
    await seedQueue(sql, n);
    console.log(`[bench] bulk_action: seeded ${n.toLocaleString("en-US")} queued messages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const child = forkTs("bench/bulk-action-process.ts", { env: { ...ctx.outgateEnv, DATABASE_URL: database.url }, logFile: ctx.logFile });
    const label = n.toLocaleString("en-US");
    const figures: Figure[] = [];
    try {
      await waitForMessage(child, "ready");
      for (const [action, status] of [["hold", "QUEUED"], ["release", "HELD"]] as const) {
        const ran = await ask<Ran>(child, { type: "run", action, status }, "ran");
        if (ran.status !== "finished" || ran.changed !== n) throw new Error(`bulk ${action} ended ${ran.status} with ${ran.changed} of ${n} changed`);
        figures.push({
          figure: `bulk_${action}_${n}`,
          label: `Bulk ${action} by filter, ${label} messages`,
          unit: "msg/s",
          values: [Math.round(n / (ran.ms / 1000))],
          extra: { seconds: (ran.ms / 1000).toFixed(1), count_ms: Math.round(ran.countMs), batches: Math.ceil(n / 1000) },
        });
      }
    } finally {
      await stopChild(child);
    }
    return figures;
  } finally {
    await sql.end().catch(() => {});
    await database.stop().catch(() => {});
    fs.rmSync(path.join(ctx.workDir, "bulk-action"), { recursive: true, force: true });
  }
}

/** `n` queued messages, one recipient each, due in an hour (nothing else runs against this database). */
async function seedQueue(sql: pg.Pool, n: number): Promise<void> {
  for (let from = 1; from <= n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK - 1);
    await sql.query(`WITH m AS (
        INSERT INTO messages (message_id, envelope_from, sender_domain, subject, raw, size, next_attempt_at, created_at)
        SELECT i || '@bench', 'b@bulk.example', 'bulk.example', 'bulk', '\\x00'::bytea, 1, now() + interval '1 hour', now() - interval '1 minute'
          FROM generate_series(${from}, ${to}) i
        RETURNING id)
      INSERT INTO message_recipients (message_id, address) SELECT id, 'r@example.net' FROM m`);
  }
  await sql.query("VACUUM ANALYZE");
}
