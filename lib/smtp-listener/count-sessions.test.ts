import { describe, expect, it } from "vitest";
import { createSessionCounter } from "./count-sessions";

describe("createSessionCounter", () => {
  it("refuses past the per-address limit and the total, and counts a closed session out", () => {
    const counter = createSessionCounter({ maxTotal: 3, maxPerIp: 2 });
    expect(counter.open("a", "192.0.2.1")).toBeNull();
    expect(counter.open("b", "192.0.2.1")).toBeNull();
    expect(counter.open("c", "192.0.2.1")).toBe("per_ip");
    expect(counter.open("d", "192.0.2.2")).toBeNull();
    expect(counter.open("e", "192.0.2.3")).toBe("total");
    expect(counter.size()).toBe(3);
    counter.close("a");
    counter.close("c"); // refused, never counted: ignored
    expect(counter.size()).toBe(2);
    expect(counter.open("f", "192.0.2.1")).toBeNull();
  });
});
