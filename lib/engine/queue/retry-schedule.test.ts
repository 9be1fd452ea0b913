import { describe, expect, it } from "vitest";
import { computeNextAttempt, DEFAULT_RETRY_SCHEDULE, type RetrySchedule } from "./retry-schedule";

const queuedAt = new Date("2026-01-01T00:00:00Z");
const minutes = (n: number) => n * 60_000;
const at = (offsetMs: number) => new Date(queuedAt.getTime() + offsetMs);

describe("computeNextAttempt", () => {
  it.each([
    [1, 5],
    [2, 10],
    [3, 20],
    [4, 40],
    [5, 60],
    [6, 60],
    [40, 60],
  ])("after attempt %i waits %i minutes", (attempts, waitMinutes) => {
    const now = at(minutes(30));
    const next = computeNextAttempt({ attempts, firstQueuedAt: queuedAt, now });
    expect(next?.getTime()).toBe(now.getTime() + minutes(waitMinutes));
  });

  it("treats zero attempts like the first failure", () => {
    const next = computeNextAttempt({ attempts: 0, firstQueuedAt: queuedAt, now: queuedAt });
    expect(next).toEqual(at(minutes(5)));
  });

  it("keeps the Postfix-like defaults: backoff capped at an hour, five days of life", () => {
    expect(Math.max(...DEFAULT_RETRY_SCHEDULE.delaysSeconds)).toBe(3600);
    expect(DEFAULT_RETRY_SCHEDULE.maxLifetimeSeconds).toBe(5 * 86_400);
  });

  it("returns null once the lifetime is reached", () => {
    const fiveDays = minutes(5 * 24 * 60);
    expect(computeNextAttempt({ attempts: 200, firstQueuedAt: queuedAt, now: at(fiveDays) })).toBeNull();
    expect(computeNextAttempt({ attempts: 200, firstQueuedAt: queuedAt, now: at(fiveDays + 1) })).toBeNull();
  });

  it("clamps the last attempt to the deadline", () => {
    const fiveDays = minutes(5 * 24 * 60);
    const next = computeNextAttempt({ attempts: 200, firstQueuedAt: queuedAt, now: at(fiveDays - minutes(10)) });
    expect(next).toEqual(at(fiveDays));
  });

  it("uses a custom schedule", () => {
    const schedule: RetrySchedule = { delaysSeconds: [1, 2], maxLifetimeSeconds: 10 };
    expect(computeNextAttempt({ attempts: 1, firstQueuedAt: queuedAt, now: queuedAt, schedule })).toEqual(at(1000));
    expect(computeNextAttempt({ attempts: 9, firstQueuedAt: queuedAt, now: at(3000), schedule })).toEqual(at(5000));
    expect(computeNextAttempt({ attempts: 9, firstQueuedAt: queuedAt, now: at(9500), schedule })).toEqual(at(10_000));
    expect(computeNextAttempt({ attempts: 9, firstQueuedAt: queuedAt, now: at(10_000), schedule })).toBeNull();
  });

  it("with zero lifetime fails at once", () => {
    const schedule: RetrySchedule = { delaysSeconds: [60], maxLifetimeSeconds: 0 };
    expect(computeNextAttempt({ attempts: 1, firstQueuedAt: queuedAt, now: queuedAt, schedule })).toBeNull();
  });

  it("rejects an empty schedule", () => {
    const schedule: RetrySchedule = { delaysSeconds: [], maxLifetimeSeconds: 60 };
    expect(() => computeNextAttempt({ attempts: 1, firstQueuedAt: queuedAt, now: queuedAt, schedule })).toThrow(RangeError);
  });
});
