import { describe, expect, it } from "vitest";
import { diffAuditValues } from "./diff-audit-values";

describe("diffAuditValues", () => {
  it("an update shows only the keys that changed", () => {
    expect(diffAuditValues({ description: "Old", port: 25, enabled: true, updatedAt: "a" }, { description: "New", port: 587, enabled: true, updatedAt: "b" })).toEqual([
      { key: "description", before: "Old", after: "New" },
      { key: "port", before: "25", after: "587" },
    ]);
  });

  it("a create shows every key after, a delete every key before", () => {
    expect(diffAuditValues(null, { name: "shop.example", gatewayId: null })).toEqual([
      { key: "gatewayId", before: "—", after: "null" },
      { key: "name", before: "—", after: "shop.example" },
    ]);
    expect(diffAuditValues({ retry: [300, 600] }, null)).toEqual([{ key: "retry", before: "[300,600]", after: "—" }]);
  });

  it("a key added or removed by the change shows as absent on the other side", () => {
    expect(diffAuditValues({ a: "" }, { b: false })).toEqual([
      { key: "a", before: '""', after: "—" },
      { key: "b", before: "—", after: "false" },
    ]);
  });
});
