import { describe, expect, it } from "vitest";
import { startTicker } from "./start-ticker";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("startTicker", () => {
  it("runs one tick at a time, again after each ends, and stop() waits for the run in flight", async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    let sawStop = false;
    let third: () => void = () => {};
    const thirdStarted = new Promise<void>((resolve) => (third = resolve));
    const ticker = startTicker(5, async (isStopped) => {
      running += 1;
      most = Math.max(most, running);
      if (runs === 2) third();
      await sleep(30);
      runs += 1;
      running -= 1;
      if (isStopped()) sawStop = true;
    });
    await thirdStarted;
    await ticker.stop();
    // stop() came back only after the third run ended, and it saw the stop; no run starts after it.
    expect(runs).toBe(3);
    expect(sawStop).toBe(true);
    await sleep(60);
    expect(runs).toBe(3);
    expect(most).toBe(1);
  });
});
