import type { ChildProcess } from "node:child_process";
import { ask, forkTs, sleep, waitForMessage } from "./children";

export type Sink = { port: number; child: ChildProcess };
type Stats = { count: number; lastAt: number };

export async function startSinks(count: number, logFile: string): Promise<Sink[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const child = forkTs("bench/sink-process.ts", { logFile });
      const { port } = await waitForMessage<{ port: number }>(child, "listening");
      return { port, child };
    }),
  );
}

export async function sinkStats(sinks: Sink[]): Promise<{ total: number; perSink: number[]; lastAt: number }> {
  const stats = await Promise.all(sinks.map((sink) => ask<Stats>(sink.child, { type: "stats" }, "stats")));
  return {
    total: stats.reduce((sum, s) => sum + s.count, 0),
    perSink: stats.map((s) => s.count),
    lastAt: Math.max(...stats.map((s) => s.lastAt)),
  };
}

export async function resetSinks(sinks: Sink[]): Promise<void> {
  await Promise.all(sinks.map((sink) => ask(sink.child, { type: "reset" }, "reset")));
}

/** Polls until the sinks together hold `total` messages; resolves with the arrival time of the last one. */
export async function waitForSinks(sinks: Sink[], total: number, timeoutMs: number, pollMs = 20): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stats = await sinkStats(sinks);
    if (stats.total >= total) return stats.lastAt;
    if (Date.now() > deadline) throw new Error(`sinks hold ${stats.total} of ${total} messages after ${timeoutMs} ms`);
    await sleep(pollMs);
  }
}

export type Verification = { received: number; unique: number; duplicates: number; unexpected: number; missing: number; perSink: number[] };

/** Exactly-once check: every expected Message-ID arrived once, across all sinks, and nothing else did. */
export async function verifySinks(sinks: Sink[], expected: Set<string>): Promise<Verification> {
  const lists = await Promise.all(sinks.map((sink) => ask<{ ids: string[] }>(sink.child, { type: "ids" }, "ids")));
  const seen = new Set<string>();
  let duplicates = 0;
  let unexpected = 0;
  for (const id of lists.flatMap((list) => list.ids)) {
    if (seen.has(id)) duplicates += 1;
    else seen.add(id);
    if (!expected.has(id)) unexpected += 1;
  }
  let missing = 0;
  for (const id of expected) if (!seen.has(id)) missing += 1;
  return { received: lists.reduce((sum, list) => sum + list.ids.length, 0), unique: seen.size, duplicates, unexpected, missing, perSink: lists.map((l) => l.ids.length) };
}

export function verificationProblem(v: Verification, n: number): string | null {
  if (v.received === n && v.unique === n && v.duplicates === 0 && v.unexpected === 0 && v.missing === 0) return null;
  return `expected exactly ${n}: received ${v.received}, unique ${v.unique}, duplicates ${v.duplicates}, unexpected ${v.unexpected}, missing ${v.missing}`;
}
