import { afterEach, describe, expect, it } from "vitest";
import { startInProcessWorker, stopInProcessWorker } from "./start-in-process-worker";

describe("startInProcessWorker", () => {
  afterEach(stopInProcessWorker);

  it("starts one drain loop per process however often it is called", async () => {
    const first = startInProcessWorker();
    expect(first).not.toBeNull();
    expect(startInProcessWorker()).toBe(first);
    await stopInProcessWorker();
    const second = startInProcessWorker();
    expect(second).not.toBe(first);
  });
});
