import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { ask, forkTs, stopChild, waitForMessage } from "./children";
import type { BenchContext, Figure } from "./context";
import { startDatabase } from "./environment";

const RUNS = 20;
const CHUNK = 250_000;
/** The migration's backfill (prisma/migrations/20261201050000_delivery_outcome_rollups): what completeMessages keeps. */
const ROLLUP_SQL = [
  `INSERT INTO delivery_outcomes_per_minute (minute, gateway_id, outcome, attempts, duration_ms_sum)
   SELECT date_trunc('minute', started_at), gateway_id, outcome, count(*), sum(duration_ms) FROM delivery_attempts GROUP BY 1, 2, 3`,
  `INSERT INTO delivery_outcomes_per_hour (hour, gateway_id, outcome, attempts, duration_ms_sum)
   SELECT date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', gateway_id, outcome, count(*), sum(duration_ms) FROM delivery_attempts GROUP BY 1, 2, 3`,
  `INSERT INTO delivery_attempt_totals (gateway_id, outcome, duration_le_ms, attempts, duration_ms_sum)
   SELECT gateway_id, outcome, coalesce((SELECT min(b) FROM unnest(ARRAY[100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000]) b WHERE b >= duration_ms), 2147483647),
          count(*), sum(duration_ms) FROM delivery_attempts GROUP BY 1, 2, 3`,
];

/**
 * Figure: the overview's query set (readOverview: queue per gateway, 1 h and 24 h outcomes, per-minute and per-hour
 * series, gateway health) with `overviewMessages` messages and three attempts per message over the last 7 days, in a
 * PostgreSQL of its own (seeded with generate_series). 5 % of the messages are queued (half deferred), the rest delivered or
 * failed. Also times the same counts taken from delivery_attempts with an index on started_at, the alternative
 * the rollup table was chosen over.
 */
export async function overview(ctx: Pick<BenchContext, "config" | "outgateEnv" | "logFile" | "workDir">): Promise<Figure[]> {
  const n = ctx.config.overviewMessages;
  // A Postgres of its own: the figures before this one keep their database, and the app role may not create one.
  const { database, sql } = await startDatabase(path.join(ctx.workDir, "overview"));
  try {
    const started = Date.now();
    await seedOverview(sql, n);
    console.log(`[bench] overview: seeded ${n.toLocaleString("en-US")} messages and ${(3 * n).toLocaleString("en-US")} attempts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const timer = forkTs("bench/overview-timer-process.ts", { env: { ...ctx.outgateEnv, DATABASE_URL: database.url }, logFile: ctx.logFile });
    let product: number[];
    try {
      await waitForMessage(timer, "ready");
      product = (await ask<{ ms: number[] }>(timer, { type: "time", runs: RUNS }, "times")).ms;
    } finally {
      await stopChild(timer);
    }
    const fromLog = await timeFromAttempts(sql);
    const label = n.toLocaleString("en-US");
    return [
      { figure: `overview_${n}`, label: `Overview queries, ${label} messages`, unit: "ms", values: product, extra: { attempts: 3 * n, queued: n / 20 } },
      { figure: `overview_from_attempts_${n}`, label: `Same counts from delivery_attempts (index on started_at), ${label} messages`, unit: "ms", values: fromLog },
    ];
  } finally {
    await sql.end().catch(() => {});
    await database.stop().catch(() => {});
    fs.rmSync(path.join(ctx.workDir, "overview"), { recursive: true, force: true });
  }
}

export async function seedOverview(sql: pg.Pool, n: number): Promise<void> {
  await sql.query(`INSERT INTO gateways (id, description, address, port, encryption, enabled, type, updated_at)
    SELECT ('00000000-0000-4000-8000-00000000000' || g)::uuid, 'overview ' || g, '127.0.0.1', 2500 + g, 'NONE', true,
           (CASE WHEN g = 1 THEN 'SPECIFIC_DOMAINS' ELSE 'ROUND_ROBIN' END)::"GatewayType", now()
      FROM generate_series(1, 4) g`);
  await sql.query(`INSERT INTO domains (id, name, gateway_id, updated_at)
    VALUES (gen_random_uuid(), 'pinned.example', '00000000-0000-4000-8000-000000000001', now()), (gen_random_uuid(), 'rr.example', NULL, now())`);
  const messageId = (i: string) => `('10000000-0000-4000-8000-' || lpad(to_hex(${i}), 12, '0'))::uuid`;
  const gatewayOf = (i: string) => `('00000000-0000-4000-8000-00000000000' || (1 + ${i} % 4))::uuid`;
  for (let from = 1; from <= n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK - 1);
    // Every 20th queued (every 40th deferred: tried, retry later), every 50th failed, the rest delivered; 7 days.
    await sql.query(`INSERT INTO messages (id, message_id, envelope_from, sender_domain, subject, raw, size, status, attempts,
                                           next_attempt_at, created_at, completed_at, last_gateway_id)
      SELECT ${messageId("i")}, i || '@bench', 'b@' || d, d, 'overview', '\\x00'::bytea, 1,
             (CASE WHEN i % 20 = 0 THEN 'QUEUED' WHEN i % 50 = 1 THEN 'FAILED' ELSE 'DELIVERED' END)::"MessageStatus",
             (CASE WHEN i % 40 = 0 THEN 1 WHEN i % 20 = 0 THEN 0 ELSE 1 END),
             now() + (CASE WHEN i % 40 = 0 THEN interval '10 minutes' ELSE interval '0' END),
             now() - make_interval(secs => i % 604800), CASE WHEN i % 20 = 0 THEN NULL ELSE now() - make_interval(secs => i % 604800) END,
             CASE WHEN i % 20 = 0 AND i % 40 <> 0 THEN NULL ELSE ${gatewayOf("i")} END
        FROM (SELECT i, CASE WHEN i % 3 = 0 THEN 'pinned.example' ELSE 'rr.example' END AS d FROM generate_series(${from}, ${to}) i) s`);
  }
  for (let from = 1; from <= 3 * n; from += CHUNK) {
    const to = Math.min(3 * n, from + CHUNK - 1);
    await sql.query(`INSERT INTO delivery_attempts (message_id, gateway_id, gateway_label, recipients, outcome, smtp_code, response, started_at, duration_ms)
      SELECT ${messageId(`(1 + (i - 1) % ${n})`)}, ${gatewayOf("i")}, 'overview', '{r@example.net}',
             (CASE i % 10 WHEN 7 THEN 'DEFERRED' WHEN 8 THEN 'FAILOVER' WHEN 9 THEN 'FAILED' ELSE 'DELIVERED' END)::"AttemptOutcome",
             250, '250 ok', now() - make_interval(secs => (i * 7) % 604800), (i * 37) % 3000
        FROM generate_series(${from}, ${to}) i`);
  }
  for (const statement of ROLLUP_SQL) await sql.query(statement);
  await sql.query("CREATE INDEX delivery_attempts_started_at_bench ON delivery_attempts (started_at)");
  await sql.query("VACUUM ANALYZE");
}

/** The 1 h, 24 h, per-minute and per-hour counts straight from the log (what the rollup saves), median of 5. */
async function timeFromAttempts(sql: pg.Pool): Promise<number[]> {
  const queries = [
    `SELECT gateway_id, outcome, count(*) FILTER (WHERE started_at >= now() - interval '1 hour'), count(*) FROM delivery_attempts WHERE started_at >= now() - interval '24 hours' GROUP BY 1, 2`,
    `SELECT date_trunc('minute', started_at), gateway_id, outcome, count(*) FROM delivery_attempts WHERE started_at >= now() - interval '1 hour' GROUP BY 1, 2, 3`,
    `SELECT date_trunc('hour', started_at), gateway_id, outcome, count(*) FROM delivery_attempts WHERE started_at >= now() - interval '7 days' GROUP BY 1, 2, 3`,
  ];
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const t0 = process.hrtime.bigint();
    for (const query of queries) await sql.query(query);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times;
}
