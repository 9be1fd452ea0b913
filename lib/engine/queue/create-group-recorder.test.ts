import { afterEach, describe, expect, it, vi } from "vitest";
import { createGroupRecorder } from "./create-group-recorder";

afterEach(() => {
  vi.useRealTimers();
});

function recorderOf(expected: number) {
  const groups: number[][] = [];
  const recorder = createGroupRecorder<number>({
    expected,
    gatherMs: 100,
    record: async (group) => {
      groups.push(group);
    },
  });
  return { recorder, groups };
}

describe("createGroupRecorder", () => {
  it("records a claim whose sends all finish quickly as one group", async () => {
    vi.useFakeTimers();
    const { recorder, groups } = recorderOf(5);
    for (const n of [3, 1, 4, 0, 2]) {
      recorder.add(n);
      await vi.advanceTimersByTimeAsync(10);
    }
    await recorder.settled();
    expect(groups).toEqual([[3, 1, 4, 0, 2]]);
  });

  it("does not let a slow send hold the finished ones: they are recorded after gatherMs, the slow one on its own", async () => {
    vi.useFakeTimers();
    const { recorder, groups } = recorderOf(4);
    recorder.add(1);
    recorder.add(2);
    await vi.advanceTimersByTimeAsync(99);
    expect(groups).toEqual([]);
    recorder.add(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(groups).toEqual([[1, 2, 3]]);

    // Minutes later the slow one finishes: the last of the claim is recorded at once.
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    let settled = false;
    void recorder.settled().then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    recorder.add(4);
    await recorder.settled();
    expect(groups).toEqual([[1, 2, 3], [4]]);
  });

  it("counts skipped messages as finished and reports the first record error after every group ran", async () => {
    let calls = 0;
    const recorder = createGroupRecorder<number>({
      expected: 3,
      gatherMs: 100_000,
      record: async () => {
        calls += 1;
        throw new Error("database gone");
      },
    });
    recorder.add(1);
    recorder.skip();
    recorder.add(2);
    await expect(recorder.settled()).rejects.toThrow("database gone");
    expect(calls).toBe(1);
    await expect(createGroupRecorder<number>({ expected: 0, gatherMs: 1, record: async () => {} }).settled()).resolves.toBeUndefined();
  });
});
