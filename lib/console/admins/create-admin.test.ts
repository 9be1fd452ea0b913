import { beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../../../test/db";
import { getDb } from "../../platform/db";
import { createAdmin } from "./create-admin";

describe("createAdmin", () => {
  beforeEach(resetDatabase);

  it("adds one admin when the same email is added twice at once; the other gets a conflict on the email field", async () => {
    const results = await Promise.allSettled([0, 1].map(() => createAdmin({ email: "twice@example.test", password: "correct horse battery" })));
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "conflict", fields: { email: [expect.stringContaining("already exists")] } });
    expect(await getDb().admin.count()).toBe(1);
  });
});
