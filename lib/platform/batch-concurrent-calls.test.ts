import { describe, expect, it } from "vitest";
import { batchConcurrentCalls } from "./batch-concurrent-calls";

describe("batchConcurrentCalls", () => {
  it("runs a call at once when idle and groups the calls that arrive while a batch runs", async () => {
    const batches: number[][] = [];
    const double = batchConcurrentCalls(async (inputs: number[]) => {
      batches.push(inputs);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return inputs.map((n) => n * 2);
    });
    expect(await Promise.all([1, 2, 3, 4].map(double))).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it("closes batches at maxBatch and maxWeight, and gives a failed batch's error to its calls only", async () => {
    const batches: string[][] = [];
    const echo = batchConcurrentCalls(
      async (inputs: string[]) => {
        batches.push(inputs);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (inputs.includes("bad")) throw new Error("batch failed");
        return inputs;
      },
      { maxBatch: 2, weight: (input) => input.length, maxWeight: 6 },
    );
    const results = await Promise.allSettled(["a", "bb", "cc", "dddd", "bad", "e"].map(echo));
    expect(batches).toEqual([["a"], ["bb", "cc"], ["dddd"], ["bad", "e"]]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled", "rejected", "rejected"]);
    expect(await echo("again")).toBe("again");
  });
});
