import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { signInAs, signOutEveryone } from "@/test/next-request";
import { authenticateAdmin } from "@/lib/console/admins/authenticate-admin";
import { getAdminSession } from "@/lib/http/get-admin-session";
import { changePasswordAction, createAdminAction, deleteAdminAction } from "./actions";

describe("admin actions", () => {
  beforeEach(async () => {
    await resetDatabase();
    signOutEveryone();
  });

  it("refuse an anonymous caller and change nothing", async () => {
    const victim = await createTestAdmin();
    const created = await createAdminAction({ email: "x@example.com", password: "long enough password", confirmPassword: "long enough password" });
    const deleted = await deleteAdminAction({ id: victim.id });
    expect(created).toMatchObject({ ok: false, code: "unauthorized" });
    expect(deleted).toMatchObject({ ok: false, code: "unauthorized" });
    expect(await getDb().admin.count()).toBe(1);
  });

  it("refuse a session whose admin was removed", async () => {
    const ghost = await createTestAdmin();
    await signInAs(ghost);
    await getDb().admin.delete({ where: { id: ghost.id } });
    expect(await createAdminAction({ email: "x@example.com", password: "long enough password", confirmPassword: "long enough password" })).toMatchObject({ ok: false, code: "unauthorized" });
  });

  it("create an admin with an argon2id hash, lower-cased, and refuse duplicates", async () => {
    await signInAs(await createTestAdmin());
    const result = await createAdminAction({ email: "New@Example.com", password: "long enough password", confirmPassword: "long enough password" });
    expect(result).toMatchObject({ ok: true, data: { email: "new@example.com" } });
    const row = await getDb().admin.findUniqueOrThrow({ where: { email: "new@example.com" } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);

    const again = await createAdminAction({ email: "new@example.com", password: "long enough password", confirmPassword: "long enough password" });
    expect(again).toMatchObject({ ok: false, code: "conflict", fieldErrors: { email: [expect.stringContaining("already exists")] } });
  });

  it("return field errors for a short or mismatched password", async () => {
    await signInAs(await createTestAdmin());
    const result = await createAdminAction({ email: "not-an-email", password: "short", confirmPassword: "other" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["confirmPassword", "email", "password"]);
  });

  it("refuse a new admin whose password is long enough but easy to guess, on the password field", async () => {
    await signInAs(await createTestAdmin());
    const result = await createAdminAction({ email: "weak@example.com", password: "password1234", confirmPassword: "password1234" });
    expect(result).toMatchObject({ ok: false, code: "validation_failed", fieldErrors: { password: [expect.stringContaining("too easy to guess")] } });
    expect(await getDb().admin.count()).toBe(1);
  });

  it("change your own password: the current one is checked, every session ends, the old password stops working", async () => {
    const me = await createTestAdmin({ password: "correct horse battery" });
    await signInAs(me);
    const wrong = await changePasswordAction({ currentPassword: "not my password", newPassword: "staple grommet lantern", confirmPassword: "staple grommet lantern" });
    expect(wrong).toMatchObject({ ok: false, fieldErrors: { currentPassword: ["The current password is wrong."] } });
    const weak = await changePasswordAction({ currentPassword: "correct horse battery", newPassword: "password1234", confirmPassword: "password1234" });
    expect(weak).toMatchObject({ ok: false, code: "validation_failed", fieldErrors: { newPassword: [expect.stringContaining("commonly used password")] } });
    expect(await getAdminSession()).not.toBeNull();

    const changed = await changePasswordAction({ currentPassword: "correct horse battery", newPassword: "staple grommet lantern", confirmPassword: "staple grommet lantern" });
    expect(changed).toEqual({ ok: true, data: null });
    expect(await getAdminSession()).toBeNull();
    expect(await createAdminAction({ email: "x@example.com", password: "long enough password", confirmPassword: "long enough password" })).toMatchObject({ ok: false, code: "unauthorized" });
    await expect(authenticateAdmin(me.email, "correct horse battery")).rejects.toMatchObject({ code: "unauthorized" });
    expect(await authenticateAdmin(me.email, "staple grommet lantern")).toMatchObject({ id: me.id, sessionVersion: 2 });
  });

  it("remove another admin but never yourself", async () => {
    const me = await createTestAdmin();
    const other = await createTestAdmin();
    await signInAs(me);
    expect(await deleteAdminAction({ id: me.id })).toMatchObject({ ok: false, code: "bad_request" });
    expect(await deleteAdminAction({ id: other.id })).toEqual({ ok: true, data: null });
    expect(await getDb().admin.findMany({ select: { id: true } })).toEqual([{ id: me.id }]);
  });
});
