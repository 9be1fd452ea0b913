import { describe, expect, it } from "vitest";
import { createLimiter, LimiterWaitTimeout } from "./create-limiter";

describe("createLimiter", () => {
  it("runs at most `limit` tasks at once, in arrival order, and keeps going after a failure", async () => {
    const limit = createLimiter(3);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) =>
        limit(async () => {
          started.push(index);
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setTimeout(resolve, 2 + (index % 3)));
          active -= 1;
          if (index === 4) throw new Error("task 4 failed");
          return index;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(results.filter((result) => result.status === "rejected")).toHaveLength(1);
    expect(results.map((result) => (result.status === "fulfilled" ? result.value : null))).toEqual([0, 1, 2, 3, null, 5, 6, 7, 8, 9]);
    // Every place was given back: a new task runs at once.
    expect(await limit(async () => "free")).toBe("free");
  });
});

describe("createLimiter with maxWaitMs", () => {
  it("gives up on a task that found no place in time, without running it, and keeps the order of the others", async () => {
    const limit = createLimiter(1);
    let release = () => {};
    const first = limit(() => new Promise<string>((resolve) => (release = () => resolve("first"))));
    const started: string[] = [];
    const impatient = limit(async () => started.push("impatient"), { maxWaitMs: 20 });
    const patient = limit(async () => started.push("patient"));
    await expect(impatient).rejects.toBeInstanceOf(LimiterWaitTimeout);
    release();
    expect(await first).toBe("first");
    await patient;
    expect(started).toEqual(["patient"]);
    // The place that timed-out task never took is free: a new task runs at once.
    expect(await limit(async () => "free", { maxWaitMs: 0 })).toBe("free");
  });

  it("runs a task that finds a place within its wait", async () => {
    const limit = createLimiter(1);
    const first = limit(() => new Promise((resolve) => setTimeout(resolve, 10)));
    expect(await limit(async () => "ran", { maxWaitMs: 1_000 })).toBe("ran");
    await first;
  });
});
