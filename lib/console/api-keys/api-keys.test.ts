import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { createHostedDomains } from "../../../test/api-fixtures";
import { resetDatabase } from "../../../test/db";
import { authenticateApiKey } from "./authenticate-api-key";
import { createApiKey } from "./create-api-key";
import { listApiKeys } from "./list-api-keys";
import { revokeApiKey } from "./revoke-api-key";
import { deleteDomain } from "../domains/delete-domain";

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (reason: unknown) => reason);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("API keys", () => {
  beforeEach(resetDatabase);

  it("authenticates a key with its domains and refuses unknown or revoked ones", async () => {
    const { "example.com": domainId } = await createHostedDomains("example.com");
    const { id, key } = await createApiKey({ name: "app", domainIds: [domainId] });
    expect(await authenticateApiKey(key)).toEqual({ id, name: "app", allDomains: false, domainNames: ["example.com"] });
    expect((await rejection(authenticateApiKey("og_short"))).code).toBe("unauthorized");
    expect((await rejection(authenticateApiKey(`${key.slice(0, -1)}x`))).code).toBe("unauthorized");
    await revokeApiKey({ id });
    expect((await rejection(authenticateApiKey(key))).message).toMatch(/revoked/);
  });

  it("answers each of many concurrent requests with its own key, whether they carry one key or several", async () => {
    // Concurrent lookups are grouped into one statement: a group of one key and a group of several take different
    // statements, and each answer must still be its own request's.
    const domains = await createHostedDomains("a.example", "b.example");
    const a = await createApiKey({ name: "a", domainIds: [domains["a.example"]] });
    const b = await createApiKey({ name: "b", domainIds: [domains["b.example"]] });
    const tokens = [a.key, a.key, b.key, `${a.key.slice(0, -1)}x`, a.key, b.key, a.key, b.key];
    const answers = await Promise.all(tokens.map((token) => authenticateApiKey(token).then((key) => key.name, (error: AppError) => error.code)));
    expect(answers).toEqual(["a", "a", "b", "unauthorized", "a", "b", "a", "b"]);
    const same = await Promise.all(Array.from({ length: 6 }, () => authenticateApiKey(b.key)));
    expect(same.map((key) => key.domainNames)).toEqual(Array.from({ length: 6 }, () => ["b.example"]));
  });

  it("never widens a key limited to domains when its last domains are deleted at once: it then sends for nothing", async () => {
    const domains = await createHostedDomains("a.example", "b.example", "c.example");
    const limited = await createApiKey({ name: "limited", domainIds: [domains["a.example"], domains["b.example"]] });
    await Promise.all([deleteDomain({ id: domains["a.example"] }), deleteDomain({ id: domains["b.example"] })]);
    const refusal = await rejection(authenticateApiKey(limited.key));
    expect(refusal.code).toBe("forbidden");
    expect(refusal.message).toMatch(/no longer exist/);
    const [listed] = await listApiKeys();
    expect(listed).toMatchObject({ allDomains: false, domains: [] });
  });

  it("keeps a key for every domain sending for every domain, including ones added later", async () => {
    const all = await createApiKey({ name: "all", domainIds: [] });
    expect(await authenticateApiKey(all.key)).toEqual({ id: all.id, name: "all", allDomains: true, domainNames: [] });
    await createHostedDomains("later.example");
    expect((await listApiKeys())[0]).toMatchObject({ allDomains: true, domains: [] });
  });

  it("writes lastUsedAt at most once a minute", async () => {
    const { id, key } = await createApiKey({ name: "app", domainIds: [] });
    const db = getDb();
    await authenticateApiKey(key);
    const first = (await db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt!;
    await authenticateApiKey(key);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(first);
    await db.apiKey.update({ where: { id }, data: { lastUsedAt: new Date(Date.now() - 61_000) } });
    await authenticateApiKey(key);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 5_000);
  });

  it("lists keys with their domains and never the hash", async () => {
    const domains = await createHostedDomains("b.example", "a.example");
    await createApiKey({ name: "all", domainIds: [] });
    await createApiKey({ name: "some", domainIds: [domains["b.example"], domains["a.example"]] });
    const keys = await listApiKeys();
    expect(keys.map((key) => key.name).sort()).toEqual(["all", "some"]);
    expect(keys.find((key) => key.name === "some")?.domains.map((d) => d.name)).toEqual(["a.example", "b.example"]);
    expect(keys.find((key) => key.name === "all")?.domains).toEqual([]);
    for (const key of keys) expect(Object.keys(key).sort()).toEqual(["allDomains", "createdAt", "domains", "id", "lastUsedAt", "name", "prefix", "revokedAt"]);
  });
});
