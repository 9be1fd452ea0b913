import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { recordAudit } from "./record-audit";
import { stripSecrets } from "./strip-secrets";

function entries() {
  return getDb().auditEntry.findMany({ orderBy: { id: "asc" } });
}

describe("recordAudit", () => {
  beforeEach(resetDatabase);

  it("records who, what and the values before and after", async () => {
    const admin = await createTestAdmin();
    await recordAudit(getDb(), {
      actor: admin,
      action: "gateway.update",
      target: { type: "gateway", id: "g-1", label: "Primary relay" },
      before: { description: "Old", port: 25, createdAt: new Date("2026-01-02T03:04:05Z") },
      after: { description: "New", port: 587, createdAt: new Date("2026-01-02T03:04:05Z") },
    });
    const [entry] = await entries();
    expect(entry).toMatchObject({
      actorKind: "admin",
      actorAdminId: admin.id,
      actorLabel: admin.email,
      action: "gateway.update",
      targetType: "gateway",
      targetId: "g-1",
      targetLabel: "Primary relay",
      before: { description: "Old", port: 25, createdAt: "2026-01-02T03:04:05.000Z" },
      after: { description: "New", port: 587, createdAt: "2026-01-02T03:04:05.000Z" },
      detail: null,
    });
    expect(entry.at.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("never stores a secret, at any depth, and names the secrets that changed", async () => {
    await recordAudit(getDb(), {
      actor: { kind: "system" },
      action: "gateway.update",
      target: { type: "gateway", id: "g-1" },
      before: { description: "Relay", authPasswordEnc: "v1:sealed-old", smartermailPasswordEnc: "v1:sealed-sm" },
      after: {
        description: "Relay",
        authPasswordEnc: "v1:sealed-new",
        smartermailPasswordEnc: "v1:sealed-sm",
        nested: { password: "hunter2", list: [{ api_key: "og_live_x", token: "t", note: "kept" }] },
      },
      detail: { clientSecret: "s3cret", password_hash: "$argon2id$x", keyHash: "abc", reason: "rotation" },
    });
    const [entry] = await entries();
    const stored = JSON.stringify([entry.before, entry.after, entry.detail]);
    for (const secret of ["sealed", "hunter2", "og_live_x", "s3cret", "argon2id", "abc\""]) expect(stored).not.toContain(secret);
    expect(entry.after).toEqual({ description: "Relay", nested: { list: [{ note: "kept" }] } });
    expect(entry.detail).toEqual({ reason: "rotation", secretsChanged: ["authPasswordEnc"] });
  });

  it("drops the keys a target type denies even when their names look harmless", () => {
    expect(stripSecrets({ raw: Buffer.from("Subject: hi"), subject: "hi" }, "message")).toEqual({ subject: "hi" });
    expect(stripSecrets({ raw: Buffer.from("xy"), subject: "hi" }, "gateway")).toEqual({ raw: "[2 bytes]", subject: "hi" });
    expect(stripSecrets({ sessionVersion: 3, email: "a@example.test" }, "admin")).toEqual({ email: "a@example.test" });
  });

  it("commits with the caller's transaction and leaves nothing when it rolls back", async () => {
    const db = getDb();
    const change = (fail: boolean) =>
      db.$transaction(async (tx) => {
        const domain = await tx.domain.create({ data: { name: fail ? "rolled-back.example" : "kept.example" }, select: { id: true, name: true } });
        await recordAudit(tx, { actor: { kind: "system" }, action: "domain.create", target: { type: "domain", id: domain.id, label: domain.name }, after: domain });
        if (fail) throw new Error("the change failed after its entry was written");
      });
    await expect(change(true)).rejects.toThrow("the change failed");
    await change(false);
    expect((await entries()).map((entry) => entry.targetLabel)).toEqual(["kept.example"]);
    expect(await db.domain.count()).toBe(1);
  });

  it("labels API-key and system actors without an admin id", async () => {
    await recordAudit(getDb(), { actor: { kind: "api-key", id: "k-1", label: "Billing app" }, action: "queue.hold", target: { type: "queue" } });
    await recordAudit(getDb(), { actor: { kind: "system" }, action: "settings.update", target: { type: "settings", id: "1" } });
    expect((await entries()).map(({ actorKind, actorAdminId, actorLabel }) => ({ actorKind, actorAdminId, actorLabel }))).toEqual([
      { actorKind: "api-key", actorAdminId: null, actorLabel: "Billing app" },
      { actorKind: "system", actorAdminId: null, actorLabel: "Outgate" },
    ]);
  });
});
