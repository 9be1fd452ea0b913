import { beforeEach, describe, expect, it, vi } from "vitest";
import { SmarterMailError } from "./smartermail-error";
import { clearSpoolCountCache, getSpoolCount, keepSpoolCountsOf, peekSpoolCounts, recordSpoolAssignment } from "./spool-count-cache";

const counts = (value: number) => ({ default: value, waiting: value * 10, raw: {} });

describe("spool count cache", () => {
  beforeEach(() => clearSpoolCountCache());

  it("reuses a reading within maxAgeMs and re-reads after it", async () => {
    const read = vi.fn(async () => counts(1));
    const first = await getSpoolCount("g", "v1", read, { maxAgeMs: 1000 });

    expect(await getSpoolCount("g", "v1", read, { maxAgeMs: 1000, now: first.readAt + 1000 })).toBe(first);
    await getSpoolCount("g", "v1", read, { maxAgeMs: 1000, now: first.readAt + 1001 });
    expect(read).toHaveBeenCalledTimes(2);
  });

  it("shares one read in flight between concurrent callers", async () => {
    let finish: (value: ReturnType<typeof counts>) => void = () => {};
    const read = vi.fn(() => new Promise<ReturnType<typeof counts>>((resolve) => (finish = resolve)));

    const both = Promise.all([getSpoolCount("g", "v1", read), getSpoolCount("g", "v1", read)]);
    finish(counts(3));

    expect(await both).toEqual([expect.objectContaining({ ok: true, default: 3 }), expect.objectContaining({ ok: true, default: 3 })]);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it("turns failures into cached results instead of rejecting", async () => {
    const read = vi.fn(async () => {
      throw new SmarterMailError("unreachable", "host: connection refused");
    });

    const result = await getSpoolCount("g", "v1", read);
    await getSpoolCount("g", "v1", read);

    expect(result).toMatchObject({ ok: false, error: { kind: "unreachable", message: "unreachable", details: "host: connection refused" } });
    expect(read).toHaveBeenCalledTimes(1);
  });

  it("ignores a reading taken with other settings", async () => {
    await getSpoolCount("g", "v1", async () => counts(1));

    expect(await getSpoolCount("g", "v2", async () => counts(2))).toMatchObject({ default: 2 });
  });

  it("lets routing peek at fresh successful readings only, never reading itself", async () => {
    const ok = await getSpoolCount("ok", "v1", async () => counts(5));
    await getSpoolCount("down", "v1", async () => Promise.reject(new Error("x")));

    expect(peekSpoolCounts(["ok", "down", "unknown"], { maxAgeMs: 1000, now: ok.readAt })).toEqual(new Map([["ok", { count: 5, readAt: ok.readAt }]]));
    expect(peekSpoolCounts(["ok"], { maxAgeMs: 1000, now: ok.readAt + 1001 }).size).toBe(0);
  });

  it("forgets gateways that are gone", async () => {
    await getSpoolCount("a", "v1", async () => counts(1));
    await getSpoolCount("b", "v1", async () => counts(1));

    keepSpoolCountsOf(["b"]);

    expect([...peekSpoolCounts(["a", "b"]).keys()]).toEqual(["b"]);
  });
});

describe("recordSpoolAssignment", () => {
  beforeEach(() => clearSpoolCountCache());

  it("adds routed messages to the reading until the next reading replaces it", async () => {
    const first = await getSpoolCount("g", "v1", async () => counts(2), { maxAgeMs: 0 });
    recordSpoolAssignment("g");
    recordSpoolAssignment("g");
    recordSpoolAssignment("unknown");
    expect(peekSpoolCounts(["g"], { now: first.readAt }).get("g")?.count).toBe(4);

    const second = await getSpoolCount("g", "v1", async () => counts(3), { maxAgeMs: 0, now: first.readAt + 1 });

    expect(peekSpoolCounts(["g"], { now: second.readAt }).get("g")?.count).toBe(3);
  });
});
