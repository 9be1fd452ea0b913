import { getDb } from "../../platform/db";
import { windowStartOf } from "./rate-limits";
import { rateRoomOf, type RateDemand, type RateRoom } from "./reserve-rate-slots";

/**
 * The room each subject's limits leave now, read without reserving or locking anything (route explain): the same
 * rooms reserveRateSlots hands the drain's fitRoutesToLimits, from the current window of each limit (a window nobody
 * used yet counts 0). One query.
 */
export async function readRateRooms(demands: RateDemand[], now = new Date()): Promise<Map<string, RateRoom>> {
  const wanted = demands.flatMap(({ subject, limits }) => limits.map(({ windowSeconds }) => ({ subject, windowSeconds, windowStart: windowStartOf(now, windowSeconds) })));
  const rows = wanted.length === 0 ? [] : await getDb().rateWindow.findMany({ where: { OR: wanted }, select: { subject: true, windowSeconds: true, windowStart: true, used: true } });
  return new Map(
    demands.map(({ subject, limits }) => {
      const windows = wanted
        .filter((window) => window.subject === subject)
        .map((window) => rows.find((row) => row.subject === subject && row.windowSeconds === window.windowSeconds && row.windowStart.getTime() === window.windowStart.getTime()) ?? { ...window, used: 0 });
      return [subject, rateRoomOf(limits, windows)];
    }),
  );
}
