import { describe, expect, it } from "vitest";
import { weightedRing } from "./weighted-ring";

const ids = (ring: { id: string }[]) => ring.map((gateway) => gateway.id).join("");
const firsts = (ring: { id: string; weight?: number }[], slots: number) =>
  Array.from({ length: slots }, (_, slot) => weightedRing(ring, BigInt(slot))[0].id).join("");

describe("weightedRing", () => {
  it("is plain rotation when every weight is 1", () => {
    const ring = [{ id: "a" }, { id: "b" }, { id: "c" }];
    expect([0n, 1n, 2n, 3n, -1n].map((position) => ids(weightedRing(ring, position)))).toEqual(["abc", "bca", "cab", "abc", "cab"]);
  });

  it("gives weight 3 three turns in four, interleaved, and keeps every gateway in the order", () => {
    const ring = [
      { id: "a", weight: 3 },
      { id: "b", weight: 1 },
    ];
    expect(firsts(ring, 8)).toBe("aabaaaba");
    expect(weightedRing(ring, 2n).map((gateway) => gateway.id)).toEqual(["b", "a"]);
  });

  it("splits 1,000 consecutive slots exactly by weight", () => {
    const ring = [
      { id: "a", weight: 5 },
      { id: "b", weight: 2 },
      { id: "c", weight: 3 },
    ];
    const counts = { a: 0, b: 0, c: 0 } as Record<string, number>;
    for (let slot = 0n; slot < 1000n; slot += 1n) counts[weightedRing(ring, slot)[0].id] += 1;
    expect(counts).toEqual({ a: 500, b: 200, c: 300 });
  });
});
