import type pg from "pg";
import { runStatement } from "../../platform/db";
import { runInTransaction } from "../../platform/run-in-transaction";
import type { RateLimit } from "./rate-limits";

/** A subject whose limits a batch wants to use. */
export type RateDemand = { subject: string; limits: RateLimit[] };

/**
 * What a subject may still send now: `room` messages (the least over its limits), and each limit's window with
 * its use and its end (when a full window ends, held mail may try again; see freeAtOf).
 */
export type RateRoom = { room: number; used: { windowSeconds: number; used: number; limit: number; endsAt: Date }[] };

/** One limit window of a subject as rate_windows holds it. */
export type WindowUse = { windowSeconds: number; windowStart: Date; used: number };

/**
 * The room a subject's `limits` leave, given its current windows' use (pure): the least room over its limits, and each
 * limit's use and end. A limit without a row in `windows` is left out (reserveRateSlots always has every row; a
 * reader passes an empty window for one nobody used yet).
 */
export function rateRoomOf(limits: RateLimit[], windows: WindowUse[]): RateRoom {
  const used = limits.flatMap((limit) => {
    const row = windows.find((candidate) => candidate.windowSeconds === limit.windowSeconds);
    return row ? [{ ...limit, used: row.used, endsAt: new Date(row.windowStart.getTime() + row.windowSeconds * 1000) }] : [];
  });
  return { room: Math.max(0, Math.min(...used.map((window) => window.limit - window.used))), used };
}

/** When a subject that has used `extra` more slots than `room.used` says has room again: the end of its last full window; null if none is full. */
export function freeAtOf(room: RateRoom, extra = 0): Date | null {
  const full = room.used.filter((window) => window.used + extra >= window.limit);
  return full.length === 0 ? null : new Date(Math.max(...full.map((window) => window.endsAt.getTime())));
}

/** The windows a reservation counted in, so unused slots go back to the same windows (not the current ones). */
export type ReservedWindows = Map<string, { windowSeconds: number; windowStart: Date }[]>;

/**
 * Reserves slots in the shared limit windows (rate_windows) for one batch, in one transaction of two statements:
 * the first creates or locks the current window row of every limit and reads its use, `decide` (pure, no I/O)
 * says how many slots each subject takes given that room, and the second adds them. Concurrent workers on any
 * machine queue on the row locks (taken in one order, so never a deadlock), so the count is exact: no window ever
 * grants more than its limit. Slots a batch then does not use go back with giveBackRateSlots. `now` is the
 * database's clock (the windows are cut by it), so hold times computed from it agree with every worker's.
 */
export async function reserveRateSlots<T>(
  demands: RateDemand[],
  decide: (rooms: Map<string, RateRoom>, now: Date) => { result: T; taken: Map<string, number> },
): Promise<{ result: T; taken: Map<string, number>; windows: ReservedWindows; now: Date }> {
  const pairs = uniquePairs(demands);
  if (pairs.length === 0) {
    const now = new Date();
    return { ...decide(new Map(), now), windows: new Map(), now };
  }
  return runInTransaction(async (client) => {
    const rows = await lockWindows(client, pairs);
    const now = rows[0].now;
    const rooms = new Map<string, RateRoom>();
    const windows: ReservedWindows = new Map();
    for (const demand of demands) {
      const own = rows.filter((row) => row.subject === demand.subject);
      rooms.set(demand.subject, rateRoomOf(demand.limits, own));
      windows.set(demand.subject, own.map(({ windowSeconds, windowStart }) => ({ windowSeconds, windowStart })));
    }
    const decided = decide(rooms, now);
    const adds = rows.filter((row) => (decided.taken.get(row.subject) ?? 0) > 0);
    if (adds.length > 0) {
      await client.query(ADD_USE, [
        adds.map((row) => row.subject),
        adds.map((row) => row.windowSeconds),
        adds.map((row) => row.windowStart),
        adds.map((row) => decided.taken.get(row.subject)),
      ]);
    }
    return { ...decided, windows, now };
  });
}

/** Hands `count` unused slots of each subject back to the windows they were reserved in (never below zero). */
export async function giveBackRateSlots(entries: { subject: string; count: number }[], windows: ReservedWindows): Promise<void> {
  await giveBackWindowSlots(entries.flatMap(({ subject, count }) => (count > 0 ? (windows.get(subject) ?? []).map((window) => ({ subject, count, ...window })) : [])));
}

/** One subject's window a reservation counted in, and how many of its slots go back: one statement for all. */
export type WindowGiveBack = { subject: string; windowSeconds: number; windowStart: Date; count: number };

/** Hands unused slots back to the very windows they were counted in (never below zero). */
export async function giveBackWindowSlots(rows: WindowGiveBack[]): Promise<void> {
  if (rows.length === 0) return;
  await runStatement(GIVE_BACK, [rows.map((row) => row.subject), rows.map((row) => row.windowSeconds), rows.map((row) => row.windowStart), rows.map((row) => row.count)]);
}

/** Drops windows that ended more than a day ago (the longest window is a day); cheap on the primary key. */
export async function pruneRateWindows(): Promise<number> {
  const rows = await runStatement<{ n: number }>(
    `WITH gone AS (DELETE FROM rate_windows WHERE window_start + make_interval(secs => window_seconds) < now() - interval '1 day' RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [],
  );
  return rows[0]?.n ?? 0;
}

type WindowRow = { subject: string; windowSeconds: number; windowStart: Date; used: number; now: Date };

function uniquePairs(demands: RateDemand[]): { subject: string; windowSeconds: number }[] {
  const seen = new Map<string, { subject: string; windowSeconds: number }>();
  for (const { subject, limits } of demands) for (const { windowSeconds } of limits) seen.set(`${subject}/${windowSeconds}`, { subject, windowSeconds });
  // One lock order for every worker: by subject, then window length.
  return [...seen.values()].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.windowSeconds - b.windowSeconds));
}

async function lockWindows(client: pg.PoolClient, pairs: { subject: string; windowSeconds: number }[]): Promise<WindowRow[]> {
  const { rows } = await client.query<WindowRow>(LOCK_WINDOWS, [pairs.map((pair) => pair.subject), pairs.map((pair) => pair.windowSeconds)]);
  return rows.map((row) => ({ ...row, used: Number(row.used), windowSeconds: Number(row.windowSeconds) }));
}

// The no-op DO UPDATE locks an existing row and returns it, so one statement both creates and reads every window.
const LOCK_WINDOWS = `
  INSERT INTO rate_windows (subject, window_seconds, window_start, used)
  SELECT d.subject, d.window_seconds,
         to_timestamp(floor(extract(epoch FROM now()) / d.window_seconds) * d.window_seconds), 0
    FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS d(subject, window_seconds, n)
   ORDER BY d.n
  ON CONFLICT (subject, window_seconds, window_start) DO UPDATE SET used = rate_windows.used
  RETURNING subject, window_seconds AS "windowSeconds", window_start AS "windowStart", used, now() AS now`;

const ADD_USE = `
  UPDATE rate_windows AS w SET used = w.used + a.n
    FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::int[]) AS a(subject, window_seconds, window_start, n)
   WHERE w.subject = a.subject AND w.window_seconds = a.window_seconds AND w.window_start = a.window_start`;

const GIVE_BACK = `
  UPDATE rate_windows AS w SET used = greatest(w.used - a.n, 0)
    FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::int[]) AS a(subject, window_seconds, window_start, n)
   WHERE w.subject = a.subject AND w.window_seconds = a.window_seconds AND w.window_start = a.window_start`;
