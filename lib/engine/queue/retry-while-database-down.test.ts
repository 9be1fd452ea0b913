import { describe, expect, it } from "vitest";
import { retryWhileDatabaseDown } from "./retry-while-database-down";

const connectionRefused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

describe("retryWhileDatabaseDown", () => {
  it("retries while the database is unreachable, then returns the result", async () => {
    let calls = 0;
    const result = await retryWhileDatabaseDown(
      async () => {
        calls += 1;
        if (calls < 3) throw connectionRefused();
        return "recorded";
      },
      { maxMs: 5000, firstDelayMs: 10, what: "test" },
    );
    expect([result, calls]).toEqual(["recorded", 3]);
  });

  it("does not retry other errors", async () => {
    let calls = 0;
    const failing = retryWhileDatabaseDown(
      async () => {
        calls += 1;
        throw new Error("check constraint violated");
      },
      { maxMs: 5000, firstDelayMs: 10, what: "test" },
    );
    await expect(failing).rejects.toThrow("check constraint violated");
    expect(calls).toBe(1);
  });

  it("gives up when the time is over", async () => {
    const startedAt = Date.now();
    await expect(retryWhileDatabaseDown(async () => Promise.reject(connectionRefused()), { maxMs: 200, firstDelayMs: 20, what: "test" })).rejects.toThrow(
      "ECONNREFUSED",
    );
    expect(Date.now() - startedAt).toBeLessThan(1000);
  });
});
