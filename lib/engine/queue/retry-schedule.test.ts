import { describe, expect, it } from "vitest";
import { computeNextAttempt, DEFAULT_RETRY_SCHEDULE, type RetrySchedule } from "./retry-schedule";

const queuedAt = new Date("2026-01-01T00:00:00Z");
const minutes = (n: number) => n * 60_000;
const at = (offsetMs: number) => new Date(queuedAt.getTime() + offsetMs);

const { delaysSeconds, maxLifetimeSeconds } = DEFAULT_RETRY_SCHEDULE;
const lifetimeMs = maxLifetimeSeconds * 1000;

describe("computeNextAttempt", () => {
  it.each([
    [1, 0],
    [2, 1],
    [3, 2],
    [5, delaysSeconds.length - 1],
    [6, delaysSeconds.length - 1],
    [40, delaysSeconds.length - 1],
  ])("after attempt %i waits the default schedule's delay number %i (the last one repeats)", (attempts, index) => {
    const now = at(minutes(30));
    const next = computeNextAttempt({ attempts, firstQueuedAt: queuedAt, now });
    expect(next?.getTime()).toBe(now.getTime() + delaysSeconds[index] * 1000);
  });

  it("treats zero attempts like the first failure", () => {
    const next = computeNextAttempt({ attempts: 0, firstQueuedAt: queuedAt, now: queuedAt });
    expect(next).toEqual(at(delaysSeconds[0] * 1000));
  });

  // The values themselves are the point here: Postfix-like, as docs/ARCHITECTURE.md and the console promise.
  it("keeps the Postfix-like defaults: 5 min doubling up to an hour, five days of life", () => {
    expect(DEFAULT_RETRY_SCHEDULE).toEqual({ delaysSeconds: [300, 600, 1200, 2400, 3600], maxLifetimeSeconds: 5 * 86_400 });
  });

  it("returns null once the lifetime is reached", () => {
    expect(computeNextAttempt({ attempts: 200, firstQueuedAt: queuedAt, now: at(lifetimeMs) })).toBeNull();
    expect(computeNextAttempt({ attempts: 200, firstQueuedAt: queuedAt, now: at(lifetimeMs + 1) })).toBeNull();
  });

  it("clamps the last attempt to the deadline", () => {
    const next = computeNextAttempt({ attempts: 200, firstQueuedAt: queuedAt, now: at(lifetimeMs - 1000) });
    expect(next).toEqual(at(lifetimeMs));
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
