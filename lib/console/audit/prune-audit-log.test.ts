import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { pruneAuditLog } from "./prune-audit-log";
import { recordAudit } from "./record-audit";

async function entryAt(label: string, at: string) {
  await recordAudit(getDb(), { actor: { kind: "system" }, action: "domain.create", target: { type: "domain", label } });
  await getDb().auditEntry.updateMany({ where: { targetLabel: label }, data: { at: new Date(at) } });
}

describe("pruneAuditLog", () => {
  beforeEach(async () => {
    await resetDatabase();
    await entryAt("old", "2026-01-01T00:00:00Z");
    await entryAt("recent", "2026-11-25T00:00:00Z");
  });

  it("keeps everything when the retention is 0", async () => {
    expect(await pruneAuditLog({ retentionDays: 0, now: new Date("2027-01-01T00:00:00Z") })).toBe(0);
    expect(await getDb().auditEntry.count()).toBe(2);
  });

  it("deletes only entries older than the retention and records the prune", async () => {
    expect(await pruneAuditLog({ retentionDays: 30, now: new Date("2026-12-01T00:00:00Z") })).toBe(1);
    const left = await getDb().auditEntry.findMany({ orderBy: { id: "asc" }, select: { action: true, targetLabel: true, detail: true } });
    expect(left).toEqual([
      { action: "domain.create", targetLabel: "recent", detail: null },
      { action: "audit.prune", targetLabel: null, detail: { deleted: 1, olderThan: "2026-11-01T00:00:00.000Z", retentionDays: 30 } },
    ]);
  });
});
