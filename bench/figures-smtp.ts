/**
 * Figure "SMTP in → gateway, end to end" (issue 16): a load generator hands N messages of 2 KB to Outgate's SMTP
 * listener over S parallel sessions (Postfix's smtp-source when installed, else nodemailer), and the figure is N over
 * the time from the first connection to the moment the last message reaches a sink (workers draining meanwhile). The
 * listener answers 250 only after the message is committed in PostgreSQL (fsync on, as every figure here).
 * When Postfix can run here (installed, root), the same load goes through a private Postfix relaying to the same
 * sinks in the same run, and Outgate's rate is printed as a ratio of Postfix's (Postfix also fsyncs each queue
 * file before its 250). Each side first runs the same load once, uncounted (JIT and daemons warm; Outgate's tables
 * then analyzed, as a running gateway's are). Sizes: BENCH_SMTP_N, BENCH_SMTP_SESSIONS (default 16); workers:
 * BENCH_SMTP_WORKERS (default 1).
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import nodemailer from "nodemailer";
import { findFreePort } from "../lib/platform/free-port";
import { findPostfixProblem, SMTP_SOURCE_COMMAND, startPrivatePostfix, waitForPort, type PrivatePostfix } from "../test/interop/support/private-postfix";
import { forkTs, stopChild } from "./children";
import { waitUntilDrained } from "./fill-queue";
import { readWalPosition, walBytesPerMessage, walFigure } from "./wal-usage";
import { cpuFigures, cpuPerMessage, sampleCpu, type CpuRole, type CpuSample } from "./cpu-usage";
import type { BenchContext, Figure } from "./context";
import { truncateQueue } from "./environment";
import { profileArgs } from "./figures-delivery";
import { BENCH_DOMAIN, ENVELOPE_FROM, MESSAGE_BYTES, RECIPIENT } from "./message-template";
import { resetSinks, waitForSinks } from "./sinks";
import { spread } from "./stats";
import { startWorkers } from "./workers";

const run = promisify(execFile);

type Generator = "smtp-source" | "nodemailer";
type LoadResult = { startedAt: number; fedAt: number; lastAt: number; cpu: CpuSample | null };

/** The Outgate figure, then (Postfix runnable) Postfix's and the ratio. */
/**
 * One worker by default: on two cores a second worker process costs more CPU per message than it adds (run 17: 2.14×
 * Postfix with one, 1.99× with two; worker 158 against 228 µs a message).
 */
export async function smtpEndToEnd(ctx: BenchContext, workerCount = 1): Promise<Figure[]> {
  const n = Number(process.env.BENCH_SMTP_N ?? (ctx.config.quick ? 500 : 5_000));
  const sessions = Number(process.env.BENCH_SMTP_SESSIONS ?? 16);
  const generator: Generator = (await commandExists(SMTP_SOURCE_COMMAND)) ? "smtp-source" : "nodemailer";
  await seedIpRelayCredential(ctx);
  const outgate = await measureOutgate(ctx, { n, sessions, generator, workerCount });
  const postfixProblem = findPostfixProblem();
  const postfix = postfixProblem ? null : await measurePostfix(ctx, { n, sessions, generator });
  const median = (values: number[]) => spread(values).median;
  const ratio = postfix ? Math.round((median(outgate.rates) / median(postfix.rates)) * 100) / 100 : null;
  // Each side's own CPU per relayed message (sinks, load generator and idle left out: the same work, or none, on both
  // sides). It does not move with a machine's overall speed, but it does with what the machine charges for system calls
  // and task switches, which Postfix (a process per stage, a file per message) makes many more of: the kernel figure.
  const ownCpu = (samples: CpuSample[], roles: CpuRole[]) => median(samples.map((sample) => roles.reduce((sum, role) => sum + sample[role], 0)));
  const cpuRatio = postfix && outgate.cpu.length > 0 && postfix.cpu.length > 0
    ? Math.round((ownCpu(outgate.cpu, ["listener", "worker", "postgres"]) / ownCpu(postfix.cpu, ["postfix"])) * 100) / 100
    : null;
  if (postfixProblem) console.log(`[bench] smtp: no Postfix comparison (${postfixProblem})`);
  else console.log(`[bench] smtp: Outgate end to end = ${ratio} × Postfix's (target ≥ 3); Outgate's own CPU per message = ${cpuRatio} × Postfix's`);
  const s = workerCount === 1 ? "" : "s";
  const figures: Figure[] = [
    {
      figure: `smtp_end_to_end_${workerCount}_worker${s}`,
      label: `SMTP in → gateway, end to end ${n} (${generator}, ${sessions} sessions, 2 KB) + ${workerCount} worker${s}`,
      unit: "msg/s",
      values: outgate.rates,
      ratioToRaw: true,
      extra: { n, sessions, generator, intakeRate: outgate.intakeRates, ratioToPostfix: ratio, cpuPerMessageToPostfix: cpuRatio },
    },
    // Where each side's CPU went: on two cores the sum per message bounds the rate.
    ...cpuFigures(`smtp_end_to_end_${workerCount}_worker${s}`, "Outgate SMTP end to end", outgate.cpu, ["listener", "worker", "postgres", "sinks", "bench", "idle", "kernel"]),
    ...walFigure(`smtp_end_to_end_${workerCount}_worker${s}`, "Outgate SMTP end to end", outgate.wal),
  ];
  if (postfix) {
    figures.push({
      figure: "postfix_end_to_end",
      label: `Postfix relaying the same ${n} to the same sinks (${generator}, ${sessions} sessions)`,
      unit: "msg/s",
      values: postfix.rates,
      ratioToRaw: true,
      extra: { n, sessions, generator, intakeRate: postfix.intakeRates },
    });
    figures.push(...cpuFigures("postfix_end_to_end", "Postfix end to end", postfix.cpu, ["postfix", "sinks", "bench", "idle", "kernel"]));
  }
  return figures;
}

/** 127.0.0.1 may relay without AUTH on the listener's plain port: the load generator needs neither TLS nor AUTH. */
async function seedIpRelayCredential(ctx: BenchContext): Promise<void> {
  await ctx.sql.query(
    `INSERT INTO smtp_credentials (id, name, username, password_hash, all_domains, allowed_networks, ip_relay)
     VALUES (gen_random_uuid(), 'bench relay', 'bench-relay', $1, true, ARRAY['127.0.0.1/32'], true) ON CONFLICT (username) DO NOTHING`,
    [`unusable-${randomBytes(8).toString("hex")}`],
  );
}

async function measureOutgate(ctx: BenchContext, load: { n: number; sessions: number; generator: Generator; workerCount: number }) {
  const port = await findFreePort();
  // Outgate's default log level, not the bench's: the listener logs each accepted message (smtp.accepted), as
  // Postfix logs each message to its maillog_file here.
  const env = { ...ctx.outgateEnv, OUTGATE_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "info" };
  const listener = forkTs("smtp/index.ts", {
    env: {
      ...env,
      OUTGATE_SMTP_ENABLED: "true",
      OUTGATE_SMTP_HOST: "127.0.0.1",
      OUTGATE_SMTP_SUBMISSION_PORT: "0",
      OUTGATE_SMTP_TLS_PORT: "0",
      OUTGATE_SMTP_PLAIN_PORT: String(port),
      OUTGATE_SMTP_MAX_SESSIONS_PER_IP: String(Math.max(50, load.sessions * 2)),
      OUTGATE_SMTP_MAX_MESSAGES_PER_SESSION: String(load.n),
    },
    logFile: ctx.logFile,
    nodeArgs: [...(process.env.BENCH_LISTENER_NODE_ARGS?.split(" ").filter(Boolean) ?? []), ...profileArgs(ctx, "smtp-listener")],
    root: ctx.root,
  });
  const workers = await startWorkers(load.workerCount, { env, logFile: ctx.logFile, sql: ctx.sql, sinks: ctx.sinks, nodeArgs: profileArgs(ctx, "smtp-workers"), root: ctx.root });
  const rates: number[] = [];
  const intakeRates: number[] = [];
  const cpu: CpuSample[] = [];
  const wal: number[] = [];
  try {
    await waitForPort(port, () => "see the bench's processes.log");
    // Run -1 is not counted: it brings the listener and the workers to steady state (their JIT has compiled the hot
    // paths, as in a listener that has been up for a while), as Postfix's uncounted first run does for its daemons.
    // After it the tables are analyzed, as autovacuum has analyzed a running gateway's, and they are not emptied
    // again: TRUNCATE leaves PostgreSQL to plan the prepared statements for an empty table, and a generic plan made
    // then stays cached until the next analyze (the drain loop's statistics check makes one within seconds) — the
    // first seconds of a new install, not a running gateway's state.
    await truncateQueue(ctx.sql);
    for (let runIndex = -1; runIndex < ctx.config.runs; runIndex++) {
      await resetSinks(ctx.sinks);
      const countBefore = await countMessages(ctx.sql);
      const walBefore = await readWalPosition(ctx.sql);
      const result = await feedAndWait(ctx, port, load);
      await waitUntilDrained(ctx.sql, 120_000);
      const walPerMessage = walBytesPerMessage(walBefore, await readWalPosition(ctx.sql), load.n);
      // Every 250 was a commit: the queue gained exactly the messages the generator was told were accepted.
      const committed = (await countMessages(ctx.sql)) - countBefore;
      if (committed !== load.n) throw new Error(`smtp run ${runIndex}: ${committed} messages committed for ${load.n} answered 250`);
      if (runIndex < 0) {
        await ctx.sql.query(`ANALYZE messages, message_recipients, delivery_attempts, message_search_texts`);
        continue;
      }
      wal.push(walPerMessage);
      rates.push((load.n / (result.lastAt - result.startedAt)) * 1000);
      intakeRates.push(Math.round((load.n / (result.fedAt - result.startedAt)) * 1000));
      if (result.cpu) cpu.push(result.cpu);
    }
  } finally {
    await workers.stop();
    await stopChild(listener);
  }
  return { rates, intakeRates, cpu, wal };
}

async function countMessages(sql: BenchContext["sql"]): Promise<number> {
  const { rows } = await sql.query<{ count: string }>(`SELECT count(*) FROM messages`);
  return Number(rows[0].count);
}

async function measurePostfix(ctx: BenchContext, load: { n: number; sessions: number; generator: Generator }) {
  let postfix: PrivatePostfix | null = null;
  const rates: number[] = [];
  const intakeRates: number[] = [];
  const cpu: CpuSample[] = [];
  try {
    postfix = await startPrivatePostfix({
      dir: path.join(ctx.workDir, "postfix"),
      port: await findFreePort(),
      relayhost: ctx.sinks.map((sink) => `[127.0.0.1]:${sink.port}`),
      tlsSecurityLevel: "none",
    });
    // Run -1 is not counted: Postfix starts its smtpd, cleanup and smtp processes on demand, and they stay.
    for (let runIndex = -1; runIndex < ctx.config.runs; runIndex++) {
      await resetSinks(ctx.sinks);
      const result = await feedAndWait(ctx, postfix.port, load);
      if (runIndex < 0) continue;
      rates.push((load.n / (result.lastAt - result.startedAt)) * 1000);
      intakeRates.push(Math.round((load.n / (result.fedAt - result.startedAt)) * 1000));
      if (result.cpu) cpu.push(result.cpu);
    }
  } finally {
    await postfix?.stop();
  }
  return { rates, intakeRates, cpu };
}

/** Feeds N messages, then waits for all of them at the sinks. */
async function feedAndWait(ctx: BenchContext, port: number, load: { n: number; sessions: number; generator: Generator }): Promise<LoadResult> {
  const before = sampleCpu();
  const startedAt = Date.now();
  if (load.generator === "smtp-source") {
    // -d: each session keeps its connection for its share of the messages, as a mail server's client does.
    // -l: body bytes; with smtp-source's From/To/Date/Message-Id/Subject headers a message is about 2 KB.
    await run(SMTP_SOURCE_COMMAND, ["-d", "-s", String(load.sessions), "-m", String(load.n), "-l", String(MESSAGE_BYTES - 200), "-f", ENVELOPE_FROM, "-t", RECIPIENT, "-S", "bench", "-M", "bench-client.example", `127.0.0.1:${port}`], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } else {
    await feedWithNodemailer(port, load.n, load.sessions);
  }
  const fedAt = Date.now();
  const lastAt = await waitForSinks(ctx.sinks, load.n, Math.max(120_000, load.n * 20));
  const after = sampleCpu();
  return { startedAt, fedAt, lastAt, cpu: before && after ? cpuPerMessage(before, after, load.n) : null };
}

/** The fallback generator: `sessions` pooled nodemailer connections, one 2 KB message after another on each. */
async function feedWithNodemailer(port: number, n: number, sessions: number): Promise<void> {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, pool: true, maxConnections: sessions, maxMessages: Infinity });
  const body = "x".repeat(MESSAGE_BYTES - 300);
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: sessions }, async () => {
        while (next < n) {
          const index = next++;
          await transport.sendMail({ envelope: { from: ENVELOPE_FROM, to: [RECIPIENT] }, from: ENVELOPE_FROM, to: RECIPIENT, subject: "bench", text: body, messageId: `<smtp-${index}.${randomBytes(6).toString("hex")}@${BENCH_DOMAIN}>` });
        }
      }),
    );
  } finally {
    transport.close();
  }
}

async function commandExists(command: string): Promise<boolean> {
  return run("test", ["-x", command]).then(
    () => true,
    () => false,
  );
}
