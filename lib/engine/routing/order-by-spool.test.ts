import { describe, expect, it } from "vitest";
import type { SpoolReading } from "../smartermail/spool-count-cache";
import { createSpoolBalancer, orderBySpool } from "./order-by-spool";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const MAX_AGE_MS = 60_000;
const ring = ["a", "b", "c"].map((id) => ({ id }));

function readings(entries: Record<string, readonly [count: number, ageMs: number]>): Map<string, SpoolReading> {
  return new Map(Object.entries(entries).map(([id, [count, ageMs]]) => [id, { count, readAt: NOW - ageMs }]));
}

describe("orderBySpool", () => {
  it.each([
    ["fewest first", { a: [9, 0], b: [2, 0], c: [5, 0] }, ["b", "c", "a"]],
    ["ties keep ring order", { a: [3, 0], b: [1, 0], c: [3, 0] }, ["b", "a", "c"]],
    ["all equal: ring unchanged", { a: [0, 0], b: [0, 0], c: [0, 0] }, ["a", "b", "c"]],
    ["a reading exactly at the age limit still counts", { a: [4, MAX_AGE_MS], b: [1, 0], c: [2, 0] }, ["b", "c", "a"]],
    ["one gateway without a reading: plain ring", { a: [9, 0], b: [2, 0] }, ["a", "b", "c"]],
    ["one stale reading: plain ring", { a: [9, 0], b: [2, MAX_AGE_MS + 1], c: [1, 0] }, ["a", "b", "c"]],
    ["a reading from the future (clock skew): plain ring", { a: [9, 0], b: [2, -10 * MAX_AGE_MS], c: [1, 0] }, ["a", "b", "c"]],
    ["a non-finite count: plain ring", { a: [9, 0], b: [Number.NaN, 0], c: [1, 0] }, ["a", "b", "c"]],
    ["readings of gateways outside the ring are ignored", { a: [3, 0], b: [2, 0], c: [1, 0], z: [0, 0] }, ["c", "b", "a"]],
  ] as const)("%s", (_label, entries, expected) => {
    const order = orderBySpool(ring, readings(entries), { maxAgeMs: MAX_AGE_MS, now: NOW });
    expect(order.map((gateway) => gateway.id)).toEqual(expected);
  });

  it("keeps a rotated ring's order for ties, so the round-robin cursor still takes turns", () => {
    const rotated = ["c", "a", "b"].map((id) => ({ id }));
    const order = orderBySpool(rotated, readings({ a: [1, 0], b: [1, 0], c: [1, 0] }), { maxAgeMs: MAX_AGE_MS, now: NOW });
    expect(order.map((gateway) => gateway.id)).toEqual(["c", "a", "b"]);
  });

  it("returns a new array and leaves the ring alone", () => {
    const input = [...ring];
    const order = orderBySpool(input, readings({ a: [3, 0], b: [2, 0], c: [1, 0] }), { maxAgeMs: MAX_AGE_MS, now: NOW });
    expect(order).not.toBe(input);
    expect(input.map((gateway) => gateway.id)).toEqual(["a", "b", "c"]);
  });

  it("handles an empty ring", () => {
    expect(orderBySpool([], new Map(), { maxAgeMs: MAX_AGE_MS, now: NOW })).toEqual([]);
  });
});

describe("createSpoolBalancer", () => {
  it("spreads a batch: each message counts against the gateway it was sent to first", () => {
    const picked: string[] = [];
    const balance = createSpoolBalancer(readings({ a: [5, 0], b: [3, 0], c: [3, 0] }), { maxAgeMs: MAX_AGE_MS, now: NOW, onPick: (id) => picked.push(id) });

    const firsts = Array.from({ length: 7 }, () => balance(ring)[0].id);

    // b and c (3) take turns until they reach a (5); from then on all three share.
    expect(firsts).toEqual(["b", "c", "b", "c", "a", "b", "c"]);
    expect(picked).toEqual(firsts);
  });

  it("is plain round robin while a reading is missing, still counting what it sends to a measured gateway", () => {
    const picked: string[] = [];
    const balance = createSpoolBalancer(readings({ a: [5, 0], b: [3, 0] }), { maxAgeMs: MAX_AGE_MS, now: NOW, onPick: (id) => picked.push(id) });

    expect(balance(ring).map((gateway) => gateway.id)).toEqual(["a", "b", "c"]);
    expect(balance([ring[2], ring[0], ring[1]]).map((gateway) => gateway.id)).toEqual(["c", "a", "b"]);
    expect(picked).toEqual(["a"]);
  });

  it("never changes the readings it was given", () => {
    const given = readings({ a: [1, 0], b: [2, 0], c: [3, 0] });
    const balance = createSpoolBalancer(given, { maxAgeMs: MAX_AGE_MS, now: NOW });
    balance(ring);
    expect(given.get("a")?.count).toBe(1);
  });
});
