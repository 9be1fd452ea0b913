import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { createHostedDomains } from "@/test/api-fixtures";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { signInAs, signOutEveryone } from "@/test/next-request";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

describe("API key actions", () => {
  beforeEach(async () => {
    await resetDatabase();
    signOutEveryone();
  });

  it("refuse an anonymous caller and change nothing", async () => {
    const db = getDb();
    const existing = await db.apiKey.create({ data: { name: "k", prefix: "og_xxxxxxx", keyHash: "0".repeat(64) } });
    expect(await createApiKeyAction({ name: "x", domainIds: [] })).toMatchObject({ ok: false, code: "unauthorized" });
    expect(await revokeApiKeyAction({ id: existing.id })).toMatchObject({ ok: false, code: "unauthorized" });
    expect(await db.apiKey.count()).toBe(1);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: existing.id } })).revokedAt).toBeNull();
  });

  it("create a key that is shown once and stored only as its sha256", async () => {
    await signInAs(await createTestAdmin());
    const { "example.com": domainId } = await createHostedDomains("example.com", "other.example");
    const result = await createApiKeyAction({ name: "  Billing app ", domainIds: [domainId] });
    if (!result.ok) throw new Error(result.message);
    const { key, prefix, name } = result.data;
    expect(key).toMatch(/^og_[A-Za-z0-9_-]{43}$/);
    expect(prefix).toBe(key.slice(0, 10));
    expect(name).toBe("Billing app");

    const row = await getDb().apiKey.findUniqueOrThrow({ where: { id: result.data.id }, include: { domains: true } });
    expect(row.keyHash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(row.domains.map((link) => link.domainId)).toEqual([domainId]);
    const everything = JSON.stringify(await getDb().$queryRawUnsafe(`SELECT * FROM api_keys`));
    expect(everything).not.toContain(key);
    expect(everything).not.toContain(key.slice(10));
  });

  it("return field errors for a missing name and unknown domains", async () => {
    await signInAs(await createTestAdmin());
    expect(await createApiKeyAction({ name: " ", domainIds: ["nope"] })).toMatchObject({
      ok: false,
      code: "validation_failed",
      fieldErrors: { name: [expect.any(String)], "domainIds.0": [expect.any(String)] },
    });
    expect(await createApiKeyAction({ name: "k", domainIds: ["00000000-0000-4000-8000-000000000000"] })).toMatchObject({
      ok: false,
      fieldErrors: { domainIds: [expect.stringContaining("no longer exists")] },
    });
    expect(await getDb().apiKey.count()).toBe(0);
  });

  it("accept a lone checkbox value or false from the form", async () => {
    await signInAs(await createTestAdmin());
    const { "example.com": domainId } = await createHostedDomains("example.com");
    expect(await createApiKeyAction({ name: "one", domainIds: domainId })).toMatchObject({ ok: true });
    expect(await createApiKeyAction({ name: "none", domainIds: false })).toMatchObject({ ok: true });
  });

  it("revoke a key, once", async () => {
    await signInAs(await createTestAdmin());
    const created = await createApiKeyAction({ name: "k", domainIds: [] });
    if (!created.ok) throw new Error(created.message);
    expect(await revokeApiKeyAction({ id: created.data.id })).toEqual({ ok: true, data: null });
    const { revokedAt } = await getDb().apiKey.findUniqueOrThrow({ where: { id: created.data.id } });
    expect(revokedAt).toBeInstanceOf(Date);
    expect(await revokeApiKeyAction({ id: created.data.id })).toEqual({ ok: true, data: null });
    expect((await getDb().apiKey.findUniqueOrThrow({ where: { id: created.data.id } })).revokedAt).toEqual(revokedAt);
    expect(await revokeApiKeyAction({ id: "00000000-0000-4000-8000-000000000000" })).toMatchObject({ ok: false, code: "not_found" });
  });
});
