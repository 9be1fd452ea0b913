import { beforeEach, describe, expect, it } from "vitest";
import { createTestAdmin } from "../../../test/factories";
import { resetDatabase } from "../../../test/db";
import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { deleteAdmin } from "./delete-admin";

function outcome(attempt: Promise<unknown>): Promise<string> {
  return attempt.then(
    () => "ok",
    (error: unknown) => (error instanceof AppError ? error.code : `unexpected: ${String(error)}`),
  );
}

describe("deleteAdmin", () => {
  beforeEach(resetDatabase);

  it("never leaves zero admins when the last two remove each other at once", async () => {
    for (let round = 0; round < 5; round++) {
      await resetDatabase();
      const [a, b] = [await createTestAdmin(), await createTestAdmin()];
      const outcomes = await Promise.all([
        outcome(deleteAdmin({ id: b.id, actingAdminId: a.id })),
        outcome(deleteAdmin({ id: a.id, actingAdminId: b.id })),
      ]);
      expect(outcomes.sort()).toEqual(["ok", "unauthorized"]);
      expect(await getDb().admin.count()).toBe(1);
    }
  });

  it("keeps one admin when three remove each other in a ring at once", async () => {
    const admins = [await createTestAdmin(), await createTestAdmin(), await createTestAdmin()];
    await Promise.all(admins.map((admin, index) => outcome(deleteAdmin({ id: admins[(index + 1) % 3].id, actingAdminId: admin.id }))));
    expect(await getDb().admin.count()).toBeGreaterThanOrEqual(1);
  });

  it("refuses to remove yourself, a removed admin acting, and an admin that is gone", async () => {
    const [a, b, c] = [await createTestAdmin(), await createTestAdmin(), await createTestAdmin()];
    expect(await outcome(deleteAdmin({ id: a.id, actingAdminId: a.id }))).toBe("bad_request");
    expect(await outcome(deleteAdmin({ id: b.id, actingAdminId: a.id }))).toBe("ok");
    expect(await outcome(deleteAdmin({ id: c.id, actingAdminId: b.id }))).toBe("unauthorized");
    expect(await outcome(deleteAdmin({ id: b.id, actingAdminId: a.id }))).toBe("not_found");
    expect((await getDb().admin.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((row) => row.id).sort()).toEqual([a.id, c.id].sort());
  });
});
