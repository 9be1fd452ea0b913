import { describe, expect, it } from "vitest";
import { toDbText } from "./to-db-text";

describe("toDbText", () => {
  it("drops NUL characters, which PostgreSQL text cannot store", () => {
    expect(toDbText("550 bad\u0000reply")).toBe("550 badreply");
  });

  it("cuts very long replies and keeps null", () => {
    expect(toDbText("x".repeat(5000))).toHaveLength(2000);
    expect(toDbText(null)).toBeNull();
  });
});
