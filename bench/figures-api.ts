import type { BenchContext, Figure } from "./context";
import { readWalPosition, walBytesPerMessage, walFigure } from "./wal-usage";
import { cpuFigures, cpuPerMessage, sampleCpu, type CpuSample } from "./cpu-usage";
import { truncateQueue } from "./environment";
import { countByStatus, queuedMessageIds, waitUntilDrained } from "./fill-queue";
import { runLoad, type LoadResult } from "./http-load";
import { bodyText, ENVELOPE_FROM, RECIPIENT } from "./message-template";
import { resetSinks, verificationProblem, verifySinks, waitForSinks } from "./sinks";
import { profileArgs } from "./figures-delivery";
import { startWorkers } from "./workers";

/** Text that the composer turns into a message of about 2 KB (headers included). */
const SUBMIT_BODY = Buffer.from(
  JSON.stringify({ from: { name: "Bench", address: ENVELOPE_FROM }, to: RECIPIENT, subject: "Outgate benchmark", text: bodyText(1_560) }),
);

/** How messages go to the API: one per POST /api/v1/messages, or `perRequest` per POST /api/v1/messages/batch. */
type Submission = { perRequest: number; concurrency: number };

function singleMessages(ctx: BenchContext): Submission {
  return { perRequest: 1, concurrency: ctx.config.concurrency };
}

function batches(ctx: BenchContext): Submission {
  return { perRequest: ctx.config.batchSize, concurrency: ctx.config.batchConcurrency };
}

const batchBody = (count: number) => Buffer.from(`{"messages":[${Array.from({ length: count }, () => SUBMIT_BODY.toString()).join(",")}]}`);

/** Submits `messages` messages; `accepted` and `perSecond` of the result count messages, not requests. */
async function load(ctx: BenchContext, messages: number, { perRequest, concurrency }: Submission): Promise<LoadResult> {
  const body = perRequest === 1 ? SUBMIT_BODY : batchBody(perRequest);
  const result = await runLoad({
    url: ctx.serverUrl,
    path: perRequest === 1 ? "/api/v1/messages" : "/api/v1/messages/batch",
    headers: { authorization: `Bearer ${ctx.apiKey}`, "content-type": "application/json" },
    body: () => body,
    requests: Math.ceil(messages / perRequest),
    concurrency,
    expectStatus: 202,
  });
  return { ...result, accepted: result.accepted * perRequest, perSecond: result.perSecond * perRequest };
}

/** Every 202 must be a committed row: the answer comes after the commit, so the counts must agree exactly. */
async function assertDurable(ctx: BenchContext, result: LoadResult, what: string): Promise<number> {
  if (result.failed > 0) throw new Error(`${what}: ${result.failed} requests failed; first: ${result.firstError}`);
  const { rows } = await ctx.sql.query<{ n: string; size: string }>(`SELECT count(*) AS n, avg(size) AS size FROM messages`);
  if (Number(rows[0].n) !== result.accepted) throw new Error(`${what}: ${result.accepted} accepted but ${rows[0].n} rows committed`);
  return Math.round(Number(rows[0].size));
}

/** Figure 1: POST /api/v1/messages with keep-alive at a fixed concurrency (or batches of messages); no worker runs. */
export async function submit(ctx: BenchContext, mode: "single" | "batch" = "single"): Promise<Figure[]> {
  const n = ctx.config.submitN;
  const how = mode === "single" ? singleMessages(ctx) : batches(ctx);
  await truncateQueue(ctx.sql);
  // The first requests load the modules, open the database pool and let V8 optimise the hot path (measured: with
  // 300 the first run was ~25% slower than the next ones).
  await load(ctx, Math.min(2_000, n), how);
  const rates: number[] = [];
  const p50: number[] = [];
  const p99: number[] = [];
  const cpu: CpuSample[] = [];
  const wal: number[] = [];
  let size = 0;
  for (let run = 0; run < ctx.config.runs; run++) {
    await truncateQueue(ctx.sql);
    const [before, walBefore] = [sampleCpu(), await readWalPosition(ctx.sql)];
    const result = await load(ctx, n, how);
    const after = sampleCpu();
    wal.push(walBytesPerMessage(walBefore, await readWalPosition(ctx.sql), n));
    if (before && after) cpu.push(cpuPerMessage(before, after, n));
    size = await assertDurable(ctx, result, `submit (${mode}) run ${run}`);
    rates.push(result.perSecond);
    p50.push(result.p50Ms);
    p99.push(result.p99Ms);
  }
  const name = mode === "batch" ? "submit_batch" : "submit";
  const cpuRows = [
    ...cpuFigures(name, mode === "batch" ? `Batch of ${how.perRequest}` : "Submit", cpu, ["server", "postgres", "bench", "idle"]),
    ...walFigure(name, mode === "batch" ? `Batch of ${how.perRequest}` : "Submit", wal),
  ];
  const extra = { n, concurrency: how.concurrency, messagesPerRequest: how.perRequest, messageBytes: size, durable: "every 202 committed (fsync on)" };
  if (mode === "batch") {
    return [
      { figure: "submit_batch", label: `Submit API, batches of ${how.perRequest}, ${how.concurrency} connections`, unit: "msg/s", values: rates, ratioToRaw: true, extra },
      { figure: "submit_batch_p50", label: `Batch of ${how.perRequest} latency p50`, unit: "ms", values: p50 },
      { figure: "submit_batch_p99", label: `Batch of ${how.perRequest} latency p99`, unit: "ms", values: p99 },
      ...cpuRows,
    ];
  }
  return [
    { figure: "submit", label: `Submit API, ${how.concurrency} keep-alive connections`, unit: "msg/s", values: rates, ratioToRaw: true, extra },
    { figure: "submit_p50", label: "Submit latency p50", unit: "ms", values: p50 },
    { figure: "submit_p99", label: "Submit latency p99", unit: "ms", values: p99 },
    ...cpuRows,
  ];
}


/**
 * Figure 3: submit through the API while `workerCount` workers drain; the time from the first request to the
 * moment the last message reaches a sink.
 */
export async function endToEnd(ctx: BenchContext, workerCount: number, mode: "single" | "batch" = "single"): Promise<Figure[]> {
  const n = ctx.config.endToEndN;
  const how = mode === "single" ? singleMessages(ctx) : batches(ctx);
  const workers = await startWorkers(workerCount, { env: ctx.outgateEnv, logFile: ctx.logFile, sql: ctx.sql, sinks: ctx.sinks, nodeArgs: profileArgs(ctx, `e2e-${workerCount}`), root: ctx.root });
  const values: number[] = [];
  const submitRates: number[] = [];
  const cpu: CpuSample[] = [];
  const wal: number[] = [];
  try {
    for (let run = 0; run < ctx.config.runs; run++) {
      await truncateQueue(ctx.sql);
      await resetSinks(ctx.sinks);
      const [cpuBefore, walBefore] = [sampleCpu(), await readWalPosition(ctx.sql)];
      const result = await load(ctx, n, how);
      await assertDurable(ctx, result, `end-to-end (${mode}) run ${run}`);
      const lastAt = await waitForSinks(ctx.sinks, n, Math.max(120_000, n * 20));
      await waitUntilDrained(ctx.sql, Math.max(120_000, n * 20));
      const cpuAfter = sampleCpu();
      wal.push(walBytesPerMessage(walBefore, await readWalPosition(ctx.sql), n));
      if (cpuBefore && cpuAfter) cpu.push(cpuPerMessage(cpuBefore, cpuAfter, n));
      const problem = verificationProblem(await verifySinks(ctx.sinks, await queuedMessageIds(ctx.sql)), n);
      if (problem) throw new Error(`end-to-end run ${run}: ${problem} ${JSON.stringify(await countByStatus(ctx.sql))}`);
      values.push((n / (lastAt - result.startedAt)) * 1000);
      submitRates.push(Math.round(result.perSecond));
    }
  } finally {
    await workers.stop();
  }
  const s = workerCount === 1 ? "" : "s";
  const batched = mode === "batch" ? "_batch" : "";
  const name = `end_to_end${batched}_${workerCount}_worker${s}`;
  return [
    {
      figure: name,
      label: `End to end ${n}, API${mode === "batch" ? ` (batches of ${how.perRequest})` : ""} + ${workerCount} worker${s}`,
      unit: "msg/s",
      values,
      ratioToRaw: true,
      extra: { n, concurrency: how.concurrency, messagesPerRequest: how.perRequest, submitRateDuring: submitRates },
    },
    ...cpuFigures(name, `End to end, ${workerCount} worker${s},`, cpu, ["server", "worker", "postgres", "sinks", "bench", "idle"]),
    ...walFigure(name, `End to end, ${workerCount} worker${s},`, wal),
  ];
}
