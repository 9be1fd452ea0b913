import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { signInAs, signOutEveryone } from "@/test/next-request";
import { createDomainAction, deleteDomainAction, updateDomainAction } from "./actions";

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

let gatewayCounter = 0;
function createGateway(type: "SPECIFIC_DOMAINS" | "ROUND_ROBIN", overrides: { description?: string; enabled?: boolean } = {}) {
  gatewayCounter += 1;
  return getDb().gateway.create({
    data: { description: overrides.description ?? `Gateway ${gatewayCounter}`, address: `smtp${gatewayCounter}.example.net`, port: 25, encryption: "NONE", type, enabled: overrides.enabled ?? true },
    select: { id: true },
  });
}

function storedDomains() {
  return getDb().domain.findMany({ select: { name: true, gatewayId: true }, orderBy: { name: "asc" } });
}

describe("domain actions", () => {
  beforeEach(async () => {
    await resetDatabase();
    signOutEveryone();
  });

  it("refuse an anonymous caller and change nothing", async () => {
    const gateway = await createGateway("SPECIFIC_DOMAINS");
    const existing = await getDb().domain.create({ data: { name: "kept.example" }, select: { id: true } });

    const results = await Promise.all([
      createDomainAction({ name: "new.example", gatewayId: "" }),
      updateDomainAction({ id: existing.id, name: "kept.example", gatewayId: gateway.id }),
      deleteDomainAction({ id: existing.id }),
    ]);

    for (const result of results) expect(result).toMatchObject({ ok: false, code: "unauthorized" });
    expect(await storedDomains()).toEqual([{ name: "kept.example", gatewayId: null }]);
  });

  it("create a round robin domain (gatewayId null or empty) and one pinned to a Specific Domains gateway", async () => {
    await signInAs(await createTestAdmin());
    const gateway = await createGateway("SPECIFIC_DOMAINS", { enabled: false });

    expect(await createDomainAction({ name: "rr-null.example", gatewayId: null })).toMatchObject({ ok: true, data: { name: "rr-null.example" } });
    expect(await createDomainAction({ name: "rr-empty.example", gatewayId: "" })).toMatchObject({ ok: true });
    expect(await createDomainAction({ name: "pinned.example", gatewayId: gateway.id })).toMatchObject({ ok: true });

    expect(await storedDomains()).toEqual([
      { name: "pinned.example", gatewayId: gateway.id },
      { name: "rr-empty.example", gatewayId: null },
      { name: "rr-null.example", gatewayId: null },
    ]);
  });

  it("store internationalised names as punycode and every name in lower case", async () => {
    await signInAs(await createTestAdmin());
    const idn = await createDomainAction({ name: "Bücher.Example", gatewayId: null });
    const upper = await createDomainAction({ name: "MAIL.Example.COM", gatewayId: null });

    expect(idn).toMatchObject({ ok: true, data: { name: "xn--bcher-kva.example" } });
    expect(upper).toMatchObject({ ok: true, data: { name: "mail.example.com" } });
    expect((await storedDomains()).map((domain) => domain.name)).toEqual(["mail.example.com", "xn--bcher-kva.example"]);
  });

  it.each(["-bad.com", "no_underscore.com", "localhost", "a..b.com", "x.y/z", ""])("refuse the invalid name %j with a field error on name", async (name) => {
    await signInAs(await createTestAdmin());
    const result = await createDomainAction({ name, gatewayId: null });
    expect(result).toMatchObject({ ok: false, code: "validation_failed", fieldErrors: { name: [expect.any(String)] } });
    expect(await getDb().domain.count()).toBe(0);
  });

  it("refuse a duplicate, also when it differs only in case or IDN form", async () => {
    await signInAs(await createTestAdmin());
    await createDomainAction({ name: "bücher.example", gatewayId: null });

    for (const name of ["bücher.example", "BÜCHER.example", "xn--bcher-kva.example"]) {
      expect(await createDomainAction({ name, gatewayId: null })).toMatchObject({
        ok: false,
        code: "conflict",
        fieldErrors: { name: ["This domain already exists"] },
      });
    }
    expect(await getDb().domain.count()).toBe(1);
  });

  it("refuse a Round Robin gateway and an unknown gateway with a field error on gatewayId", async () => {
    await signInAs(await createTestAdmin());
    const roundRobin = await createGateway("ROUND_ROBIN");

    expect(await createDomainAction({ name: "a.example", gatewayId: roundRobin.id })).toMatchObject({
      ok: false,
      fieldErrors: { gatewayId: ["A Round Robin gateway cannot be assigned to a domain"] },
    });
    expect(await createDomainAction({ name: "a.example", gatewayId: UNKNOWN_ID })).toMatchObject({
      ok: false,
      fieldErrors: { gatewayId: ["That gateway no longer exists"] },
    });
    expect(await createDomainAction({ name: "a.example", gatewayId: "not-an-id" })).toMatchObject({
      ok: false,
      code: "validation_failed",
      fieldErrors: { gatewayId: [expect.any(String)] },
    });
    expect(await getDb().domain.count()).toBe(0);

    const domain = await getDb().domain.create({ data: { name: "b.example" }, select: { id: true } });
    expect(await updateDomainAction({ id: domain.id, name: "b.example", gatewayId: roundRobin.id })).toMatchObject({
      ok: false,
      fieldErrors: { gatewayId: ["A Round Robin gateway cannot be assigned to a domain"] },
    });
    expect(await storedDomains()).toEqual([{ name: "b.example", gatewayId: null }]);
  });

  it("change the gateway later: specific → round robin → another specific", async () => {
    await signInAs(await createTestAdmin());
    const first = await createGateway("SPECIFIC_DOMAINS");
    const second = await createGateway("SPECIFIC_DOMAINS");
    const created = await createDomainAction({ name: "moving.example", gatewayId: first.id });
    if (!created.ok) throw new Error(created.message);
    const id = created.data.id;

    for (const gatewayId of [null, second.id, first.id]) {
      expect(await updateDomainAction({ id, name: "moving.example", gatewayId })).toEqual({ ok: true, data: { id, name: "moving.example" } });
      expect(await storedDomains()).toEqual([{ name: "moving.example", gatewayId }]);
    }
  });

  it("take the Failover tab's default for a new domain unless the form says otherwise, and change it later", async () => {
    await signInAs(await createTestAdmin());
    const gateway = await createGateway("SPECIFIC_DOMAINS");
    const failover = () => getDb().domain.findMany({ select: { name: true, failoverToRoundRobin: true }, orderBy: { name: "asc" } });

    await createDomainAction({ name: "a.example", gatewayId: gateway.id });
    await getDb().deliverySettings.update({ where: { id: 1 }, data: { defaultFailoverToRoundRobin: true } });
    await createDomainAction({ name: "b.example", gatewayId: gateway.id });
    const explicit = await createDomainAction({ name: "c.example", gatewayId: gateway.id, failoverToRoundRobin: false });
    expect(await failover()).toEqual([
      { name: "a.example", failoverToRoundRobin: false },
      { name: "b.example", failoverToRoundRobin: true },
      { name: "c.example", failoverToRoundRobin: false },
    ]);

    if (!explicit.ok) throw new Error(explicit.message);
    await updateDomainAction({ id: explicit.data.id, name: "c.example", gatewayId: gateway.id, failoverToRoundRobin: true });
    expect((await failover())[2]).toEqual({ name: "c.example", failoverToRoundRobin: true });
    // Leaving the setting out of an update keeps it.
    await updateDomainAction({ id: explicit.data.id, name: "c.example", gatewayId: gateway.id });
    expect((await failover())[2]).toEqual({ name: "c.example", failoverToRoundRobin: true });
  });

  it("rename a domain with the same rules, refusing another domain's name", async () => {
    await signInAs(await createTestAdmin());
    const taken = await getDb().domain.create({ data: { name: "taken.example" }, select: { id: true } });
    const domain = await getDb().domain.create({ data: { name: "old.example" }, select: { id: true } });

    expect(await updateDomainAction({ id: domain.id, name: "Taken.Example", gatewayId: null })).toMatchObject({
      ok: false,
      fieldErrors: { name: ["This domain already exists"] },
    });
    expect(await updateDomainAction({ id: domain.id, name: "bad_name.example", gatewayId: null })).toMatchObject({ ok: false, fieldErrors: { name: [expect.any(String)] } });
    expect(await updateDomainAction({ id: taken.id, name: "TAKEN.example", gatewayId: null })).toMatchObject({ ok: true });
    expect(await updateDomainAction({ id: domain.id, name: "Bücher.Example", gatewayId: null })).toMatchObject({ ok: true, data: { name: "xn--bcher-kva.example" } });
    expect(await updateDomainAction({ id: UNKNOWN_ID, name: "ghost.example", gatewayId: null })).toMatchObject({ ok: false, code: "not_found" });
    expect((await storedDomains()).map((row) => row.name)).toEqual(["taken.example", "xn--bcher-kva.example"]);
  });

  it("delete a domain, and report one that is already gone", async () => {
    await signInAs(await createTestAdmin());
    const gateway = await createGateway("SPECIFIC_DOMAINS");
    const domain = await getDb().domain.create({ data: { name: "gone.example", gatewayId: gateway.id }, select: { id: true } });
    await getDb().domain.create({ data: { name: "stays.example" } });

    expect(await deleteDomainAction({ id: domain.id })).toEqual({ ok: true, data: null });
    expect(await deleteDomainAction({ id: domain.id })).toMatchObject({ ok: false, code: "not_found" });
    expect((await storedDomains()).map((row) => row.name)).toEqual(["stays.example"]);
  });

  it("delete the only domain an API key is limited to: the key keeps its limit and sends for nothing", async () => {
    await signInAs(await createTestAdmin());
    const db = getDb();
    const only = await db.domain.create({ data: { name: "only.example" }, select: { id: true } });
    const shared = await db.domain.create({ data: { name: "shared.example" }, select: { id: true } });
    await db.apiKey.create({ data: { name: "limited", prefix: "og_a", keyHash: "a".repeat(64), domains: { create: [{ domainId: only.id }] } } });
    await db.apiKey.create({ data: { name: "two", prefix: "og_b", keyHash: "b".repeat(64), domains: { create: [{ domainId: only.id }, { domainId: shared.id }] } } });

    expect(await deleteDomainAction({ id: only.id })).toEqual({ ok: true, data: null });
    expect(await deleteDomainAction({ id: shared.id })).toEqual({ ok: true, data: null });
    expect(await storedDomains()).toEqual([]);
    const keys = await db.apiKey.findMany({ select: { allDomains: true, domains: true } });
    expect(keys).toEqual([{ allDomains: false, domains: [] }, { allDomains: false, domains: [] }]);
  });
});
