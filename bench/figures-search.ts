import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { ask, forkTs, stopChild, waitForMessage } from "./children";
import type { BenchContext, Figure } from "./context";
import { startDatabase } from "./environment";
import { SEARCH_KINDS } from "./search-kinds";
import { buildMessageFilterWhere } from "../lib/engine/queue/select-messages-by-filter";
import { messageFilterSchema } from "../lib/validation/message-filter";

const RUNS = 9;
const CHUNK = 250_000;

/**
 * Figure: the Messages page's search (issue 14, item 4) with `searchMessages` messages (one recipient each, 30 days,
 * 50 sender domains, 5,000 senders, 10 API keys, 3 SMTP credentials for every 10th message, 4 gateways) in a
 * PostgreSQL of its own. For each kind of search
 * (bench/search-kinds.ts), the page's own work — listMessages (one page of 50 + the next cursor) and
 * countMessagesByFilter (counts per status) — timed in a child process through the product's pool, median of RUNS.
 * Prints each kind's EXPLAIN (ANALYZE, BUFFERS) of the page's id query so the plan behind a number is on record.
 */
export async function search(ctx: Pick<BenchContext, "config" | "outgateEnv" | "logFile" | "workDir">): Promise<Figure[]> {
  const n = ctx.config.searchMessages;
  const { database, sql } = await startDatabase(path.join(ctx.workDir, "search"));
  try {
    const started = Date.now();
    await seedSearch(sql, n);
    console.log(`[bench] search: seeded ${n.toLocaleString("en-US")} messages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (process.env.BENCH_SEARCH_EXPLAIN !== "0") await explainEach(sql);
    const timer = forkTs("bench/search-timer-process.ts", { env: { ...ctx.outgateEnv, DATABASE_URL: database.url }, logFile: ctx.logFile });
    let times: Record<string, number[]>;
    try {
      await waitForMessage(timer, "ready");
      times = (await ask<{ ms: Record<string, number[]> }>(timer, { type: "time", runs: RUNS }, "times")).ms;
    } finally {
      await stopChild(timer);
    }
    const label = n.toLocaleString("en-US");
    return SEARCH_KINDS.map((kind) => ({ figure: `search_${kind.name}_${n}`, label: `Search ${kind.label}, ${label} messages`, unit: "ms", values: times[kind.name] }));
  } finally {
    await sql.end().catch(() => {});
    await database.stop().catch(() => {});
    fs.rmSync(path.join(ctx.workDir, "search"), { recursive: true, force: true });
  }
}

export async function seedSearch(sql: pg.Pool, n: number): Promise<void> {
  // Seeding is faster with the secondary indexes built once at the end (as the migration builds them on an existing
  // queue) than updated row by row; the definitions are read back from the catalog, so they are the migration's own.
  const { rows: indexes } = await sql.query<{ name: string; definition: string }>(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
      WHERE schemaname = 'public' AND tablename IN ('messages', 'message_recipients') AND indexname NOT LIKE '%_pkey'
        AND indexdef NOT LIKE 'CREATE UNIQUE%'`,
  );
  for (const index of indexes) await sql.query(`DROP INDEX "${index.name}"`);
  await sql.query(`INSERT INTO gateways (id, description, address, port, encryption, enabled, type, updated_at)
    SELECT ('00000000-0000-4000-8000-00000000000' || g)::uuid, 'search ' || g, '127.0.0.1', 2500 + g, 'NONE', true, 'ROUND_ROBIN', now()
      FROM generate_series(1, 4) g`);
  await sql.query(`INSERT INTO api_keys (id, name, prefix, key_hash)
    SELECT ('20000000-0000-4000-8000-00000000000' || k)::uuid, 'key ' || k, 'og_k' || k, md5('key' || k) || md5('k' || k) FROM generate_series(0, 9) k`);
  const id = (i: string) => `('10000000-0000-4000-8000-' || lpad(to_hex(${i}), 12, '0'))::uuid`;
  const words = `(ARRAY['Invoice','Order shipped','Password reset','Welcome','Your receipt','Weekly digest','Appointment','Security alert'])`;
  for (let from = 1; from <= n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK - 1);
    // Every 20th queued, every 50th failed, the rest delivered; spread over 30 days, newest = highest i.
    // Every 10th (i % 10 = 5) came over SMTP, with one of 3 credentials and no API key.
    await sql.query(`INSERT INTO messages (id, api_key_id, message_id, envelope_from, sender_domain, subject, raw, size, status, attempts,
                                           next_attempt_at, created_at, completed_at, last_gateway_id, submitted_via, smtp_credential_id)
      SELECT ${id("i")}, CASE WHEN i % 10 <> 5 THEN ('20000000-0000-4000-8000-00000000000' || (i % 10))::uuid END,
             md5(i::text) || '@mail.d' || (i % 50) || '.example',
             'user' || (i % 5000) || '@d' || (i % 50) || '.example', 'd' || (i % 50) || '.example',
             ${words}[1 + i % 8] || ' #' || i || ' for customer ' || (i % 100000), '\\x00'::bytea, 1,
             (CASE WHEN i % 20 = 0 THEN 'QUEUED' WHEN i % 50 = 1 THEN 'FAILED' ELSE 'DELIVERED' END)::"MessageStatus", 1,
             now(), now() - make_interval(secs => (${n} - i) * 2592000.0 / ${n}),
             CASE WHEN i % 20 = 0 THEN NULL ELSE now() END, ('00000000-0000-4000-8000-00000000000' || (1 + i % 4))::uuid,
             CASE WHEN i % 10 = 5 THEN 'smtp' ELSE 'api' END,
             CASE WHEN i % 10 = 5 THEN ('30000000-0000-4000-8000-00000000000' || ((i / 10) % 3))::uuid END
        FROM generate_series(${from}, ${to}) i`);
    await sql.query(`INSERT INTO message_recipients (message_id, address, status)
      SELECT ${id("i")}, 'customer' || i || '@inbox' || (i % 100) || '.example',
             (CASE WHEN i % 20 = 0 THEN 'PENDING' WHEN i % 50 = 1 THEN 'FAILED' ELSE 'DELIVERED' END)::"RecipientStatus"
        FROM generate_series(${from}, ${to}) i`);
  }
  for (const index of indexes) await sql.query(index.definition);
  await sql.query("VACUUM ANALYZE");
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of each kind's page query, as the product builds and runs it (without parallel workers,
 * as runSearchStatement does), printed once.
 */
async function explainEach(sql: pg.Pool): Promise<void> {
  const client = await sql.connect();
  try {
    for (const kind of SEARCH_KINDS) {
      const filter = messageFilterSchema.parse(kind.filter);
      const { where, values } = buildMessageFilterWhere(filter, { alias: "m", firstParam: 1 });
      await client.query("BEGIN");
      await client.query("SET LOCAL max_parallel_workers_per_gather = 0");
      const { rows } = await client.query<{ "QUERY PLAN": string }>(
        `EXPLAIN (ANALYZE, BUFFERS) SELECT m.id FROM messages AS m WHERE ${where} ORDER BY m.created_at DESC, m.id DESC LIMIT 51`,
        values,
      );
      await client.query("COMMIT");
      console.log(`[bench] search ${kind.name}: ${JSON.stringify(kind.filter)}\n${rows.map((row) => `    ${row["QUERY PLAN"]}`).join("\n")}`);
    }
  } finally {
    client.release();
  }
}
