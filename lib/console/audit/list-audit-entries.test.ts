import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { auditFilterSchema } from "@/lib/validation/audit-filter";
import { resetDatabase } from "@/test/db";
import { listAuditEntries, listAuditFilterOptions } from "./list-audit-entries";
import { recordAudit } from "./record-audit";

const filter = (values: Record<string, string>) => auditFilterSchema.parse(values);
const actionsOf = async (values: Record<string, string>, pageSize?: number) => (await listAuditEntries(filter(values), pageSize)).items.map((item) => `${item.action} ${item.targetLabel}`);

describe("listAuditEntries", () => {
  beforeAll(async () => {
    await resetDatabase();
    const alice = { adminId: "00000000-0000-4000-8000-00000000000a", email: "alice@example.test" };
    const bob = { adminId: "00000000-0000-4000-8000-00000000000b", email: "bob@example.test" };
    const write = (actor: typeof alice, action: string, type: string, label: string) => recordAudit(getDb(), { actor, action, target: { type, id: `${type}-${label}`, label } });
    await write(alice, "gateway.create", "gateway", "Primary relay");
    await write(bob, "domain.create", "domain", "shop.example");
    await write(alice, "gateway.update", "gateway", "Backup relay");
    await write(bob, "queue.hold", "message", "Invoice 42");
    await getDb().auditEntry.updateMany({ where: { targetLabel: "Primary relay" }, data: { at: new Date("2026-11-01T12:00:00Z") } });
  });

  it("lists newest first and filters by actor, action, area, target and day", async () => {
    expect(await actionsOf({})).toEqual(["queue.hold Invoice 42", "gateway.update Backup relay", "domain.create shop.example", "gateway.create Primary relay"]);
    expect(await actionsOf({ actor: "bob@example.test" })).toEqual(["queue.hold Invoice 42", "domain.create shop.example"]);
    expect(await actionsOf({ action: "gateway.update" })).toEqual(["gateway.update Backup relay"]);
    expect(await actionsOf({ action: "gateway.*" })).toEqual(["gateway.update Backup relay", "gateway.create Primary relay"]);
    expect(await actionsOf({ action: "queue.*" })).toEqual(["queue.hold Invoice 42"]);
    expect(await actionsOf({ target: "RELAY" })).toEqual(["gateway.update Backup relay", "gateway.create Primary relay"]);
    expect(await actionsOf({ target: "domain-shop.example" })).toEqual(["domain.create shop.example"]);
    expect(await actionsOf({ from: "2026-11-01", to: "2026-11-01" })).toEqual(["gateway.create Primary relay"]);
    expect(await actionsOf({ to: "2026-10-31" })).toEqual([]);
  });

  it("pages by cursor without gaps or repeats", async () => {
    const first = await listAuditEntries(filter({}), 3);
    expect(first.items).toHaveLength(3);
    const second = await listAuditEntries(filter({ cursor: first.nextCursor! }), 3);
    expect(second.items.map((item) => item.targetLabel)).toEqual(["Primary relay"]);
    expect(second.nextCursor).toBeNull();
  });

  it("refuses malformed filters with a message per field", () => {
    const result = auditFilterSchema.safeParse({ action: "DROP TABLE", from: "yesterday", cursor: "-1", target: "x" });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path[0]).sort()).toEqual(["action", "cursor", "from", "target"]);
    expect(auditFilterSchema.safeParse({ from: "2026-12-02", to: "2026-12-01" }).success).toBe(false);
  });
});

describe("listAuditFilterOptions", () => {
  it("lists each actor and action once, sorted", async () => {
    expect(await listAuditFilterOptions()).toEqual({
      actors: ["alice@example.test", "bob@example.test"],
      actions: ["domain.create", "gateway.create", "gateway.update", "queue.hold"],
    });
  });
});
