import { beforeEach, describe, expect, it } from "vitest";
import { decryptSecret } from "@/lib/platform/secret-box";
import { getDb } from "@/lib/platform/db";
import { getGatewayForEdit } from "@/lib/console/gateways/get-gateway-for-edit";
import { listGateways } from "@/lib/console/gateways/list-gateways";
import { GATEWAY_SESSION_DEFAULTS } from "@/lib/console/gateways/session-columns";
import type { GatewayInput } from "@/lib/validation/gateway";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { signInAs, signOutEveryone } from "@/test/next-request";
import { createGatewayAction, deleteGatewayAction, setGatewayEnabledAction, updateGatewayAction } from "./actions";

const BASIC: GatewayInput = {
  description: "Primary relay",
  address: "smtp.example.com",
  port: 25,
  encryption: "STARTTLS_OPPORTUNISTIC",
  enabled: "true",
  type: "SPECIFIC_DOMAINS",
};

const FULL: GatewayInput = {
  ...BASIC,
  description: "Full gateway",
  address: "Relais.Bücher.Example",
  port: "587",
  encryption: "STARTTLS_REQUIRED",
  verifyCertificate: false,
  authEnabled: true,
  authUsername: "relay-user",
  authPassword: "auth secret pw",
  smartermailEnabled: true,
  smartermailUrl: "https://mail.example.com/",
  smartermailUsername: "sm-admin",
  smartermailPassword: "sm secret pw",
};

async function create(input: GatewayInput): Promise<string> {
  const result = await createGatewayAction(input);
  if (!result.ok) throw new Error(`create failed: ${JSON.stringify(result)}`);
  return result.data.id;
}

function row(id: string) {
  return getDb().gateway.findUniqueOrThrow({ where: { id } });
}

describe("gateway actions", () => {
  beforeEach(async () => {
    await resetDatabase();
    signOutEveryone();
  });

  it("refuse an anonymous caller and change nothing", async () => {
    await signInAs(await createTestAdmin());
    const id = await create(BASIC);
    signOutEveryone();
    const results = await Promise.all([
      createGatewayAction({ ...BASIC, address: "other.example.com" }),
      updateGatewayAction({ ...BASIC, id, description: "Changed" }),
      setGatewayEnabledAction({ id, enabled: false }),
      deleteGatewayAction({ id }),
    ]);
    for (const result of results) expect(result).toMatchObject({ ok: false, code: "unauthorized" });
    expect(await getDb().gateway.findMany({ select: { id: true, description: true, enabled: true } })).toEqual([{ id, description: "Primary relay", enabled: true }]);
  });

  it("create a gateway with every field, secrets encrypted and the IDN address in punycode", async () => {
    await signInAs(await createTestAdmin());
    const stored = await row(await create(FULL));
    expect(stored).toMatchObject({
      description: "Full gateway",
      address: "relais.xn--bcher-kva.example",
      port: 587,
      encryption: "STARTTLS_REQUIRED",
      verifyCertificate: false,
      enabled: true,
      type: "SPECIFIC_DOMAINS",
      authEnabled: true,
      authUsername: "relay-user",
      smartermailEnabled: true,
      smartermailUrl: "https://mail.example.com/",
      smartermailUsername: "sm-admin",
    });
    expect(stored.authPasswordEnc).not.toContain("auth secret pw");
    expect(stored.smartermailPasswordEnc).not.toContain("sm secret pw");
    expect(decryptSecret(stored.authPasswordEnc!)).toBe("auth secret pw");
    expect(decryptSecret(stored.smartermailPasswordEnc!)).toBe("sm secret pw");
  });

  it("accept an IPv6 address and store a disabled round-robin gateway without credentials", async () => {
    await signInAs(await createTestAdmin());
    const stored = await row(await create({ ...BASIC, address: "[2001:DB8::25]", enabled: false, type: "ROUND_ROBIN", authUsername: "ignored" }));
    expect(stored).toMatchObject({ address: "2001:db8::25", enabled: false, type: "ROUND_ROBIN", authEnabled: false, authUsername: "", authPasswordEnc: null, smartermailUrl: null });
  });

  it("store the SMTP session settings the form sends, give the edit form them back, and keep them when an update leaves them out", async () => {
    await signInAs(await createTestAdmin());
    const session = {
      authMechanism: "LOGIN",
      connectTimeoutSeconds: "5",
      greetingTimeoutSeconds: "20",
      mailTimeoutSeconds: "301",
      rcptTimeoutSeconds: "302",
      dataInitTimeoutSeconds: "121",
      dataBlockTimeoutSeconds: "181",
      dataTermTimeoutSeconds: "601",
      maxConnections: "4",
      messagesPerConnection: "25",
      recipientsPerTransaction: "50",
    } as const;
    const id = await create({ ...BASIC, ...session });
    const numbers = Object.fromEntries(Object.entries(session).map(([field, value]) => [field, field === "authMechanism" ? value : Number(value)]));
    expect(await row(id)).toMatchObject(numbers);
    expect((await getGatewayForEdit({ id }))?.values).toMatchObject(numbers);

    // An API-style update without them changes only what it sends.
    const updated = await updateGatewayAction({ ...BASIC, id, description: "Renamed" });
    expect(updated.ok).toBe(true);
    expect(await row(id)).toMatchObject({ description: "Renamed", ...numbers });

    const refused = await updateGatewayAction({ ...BASIC, id, maxConnections: "0", dataTermTimeoutSeconds: "" });
    expect(refused).toMatchObject({
      ok: false,
      fieldErrors: {
        maxConnections: ["Enter a whole number of connections between 1 and 100."],
        dataTermTimeoutSeconds: ["Enter a whole number of seconds between 1 and 3,600."],
      },
    });
  });

  it("give a gateway created without session settings the defaults (DEFAULT_SESSION_SETTINGS, in seconds)", async () => {
    await signInAs(await createTestAdmin());
    const id = await create(BASIC);
    expect((await getGatewayForEdit({ id }))?.values).toMatchObject(GATEWAY_SESSION_DEFAULTS);
  });

  it("never put a password into the edit view or the grid", async () => {
    await signInAs(await createTestAdmin());
    const id = await create(FULL);
    const stored = await row(id);
    const view = await getGatewayForEdit({ id });
    expect(view).toMatchObject({
      authPasswordFor: { address: "relais.xn--bcher-kva.example", port: 587, username: "relay-user" },
      smartermailPasswordFor: { url: "https://mail.example.com/", username: "sm-admin" },
      values: { authPassword: "", smartermailPassword: "", authUsername: "relay-user" } });
    for (const json of [JSON.stringify(view), JSON.stringify(await listGateways())]) {
      for (const secret of ["auth secret pw", "sm secret pw", stored.authPasswordEnc!, stored.smartermailPasswordEnc!]) expect(json).not.toContain(secret);
    }
    expect(await getGatewayForEdit({ id: "not-a-uuid" })).toBeNull();
  });

  it("keep a stored password when left blank, replace it when given, and clear credentials when a feature is turned off", async () => {
    await signInAs(await createTestAdmin());
    const id = await create(FULL);
    const before = await row(id);

    expect(await updateGatewayAction({ ...FULL, id, description: "Renamed", authPassword: "", smartermailPassword: "" })).toMatchObject({ ok: true });
    const kept = await row(id);
    expect(kept.description).toBe("Renamed");
    expect(kept.authPasswordEnc).toBe(before.authPasswordEnc);
    expect(kept.smartermailPasswordEnc).toBe(before.smartermailPasswordEnc);

    expect(await updateGatewayAction({ ...FULL, id, authPassword: "new auth pw", smartermailPassword: "" })).toMatchObject({ ok: true });
    expect(decryptSecret((await row(id)).authPasswordEnc!)).toBe("new auth pw");

    expect(await updateGatewayAction({ ...FULL, id, authEnabled: false, smartermailEnabled: false })).toMatchObject({ ok: true });
    expect(await row(id)).toMatchObject({
      authEnabled: false,
      authUsername: "",
      authPasswordEnc: null,
      smartermailEnabled: false,
      smartermailUrl: null,
      smartermailUsername: null,
      smartermailPasswordEnc: null,
    });

    // With nothing stored any more, turning auth back on needs a password again (the server checks the row).
    expect(await updateGatewayAction({ ...FULL, id, authPassword: "", smartermailEnabled: false })).toMatchObject({
      ok: false,
      code: "validation_failed",
      fieldErrors: { authPassword: [expect.any(String)] },
    });
  });

  it.each<[string, Partial<GatewayInput>, string[]]>([
    ["a bad address", { address: "not a host!" }, ["address"]],
    ["port 0", { port: 0 }, ["port"]],
    ["port 70000", { port: 70000 }, ["port"]],
    ["auth on without a username", { authEnabled: true, authPassword: "pw" }, ["authUsername"]],
    ["auth on without a password", { authEnabled: true, authUsername: "user" }, ["authPassword"]],
    ["SmarterMail with an ftp URL", { smartermailEnabled: true, smartermailUrl: "ftp://mail.example.com", smartermailUsername: "u", smartermailPassword: "p" }, ["smartermailUrl"]],
    ["SmarterMail with a URL that is not one", { smartermailEnabled: true, smartermailUrl: "mail example", smartermailUsername: "u", smartermailPassword: "p" }, ["smartermailUrl"]],
    ["SmarterMail without URL and username", { smartermailEnabled: true, smartermailPassword: "p" }, ["smartermailUrl", "smartermailUsername"]],
    ["SmarterMail without a password", { smartermailEnabled: true, smartermailUrl: "http://mail.example.com", smartermailUsername: "u" }, ["smartermailPassword"]],
  ])("refuse %s with a field error", async (_name, change, keys) => {
    await signInAs(await createTestAdmin());
    const result = await createGatewayAction({ ...BASIC, ...change });
    expect(result).toMatchObject({ ok: false, code: "validation_failed" });
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(keys);
    expect(await getDb().gateway.count()).toBe(0);
  });

  it("refuse a duplicate gateway (same address, port and auth username) on create and on update", async () => {
    await signInAs(await createTestAdmin());
    await create(BASIC);
    const duplicate = await createGatewayAction({ ...BASIC, address: "SMTP.example.com.", description: "Copy" });
    expect(duplicate).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("already exists"), fieldErrors: { address: [expect.stringContaining("already exists")] } });

    const otherId = await create({ ...BASIC, port: 2525 });
    expect(await updateGatewayAction({ ...BASIC, id: otherId })).toMatchObject({ ok: false, code: "conflict", fieldErrors: { address: [expect.any(String)] } });
    expect(await create({ ...BASIC, authEnabled: true, authUsername: "someone", authPassword: "pw" })).toEqual(expect.any(String));
  });

  it("disable and enable a gateway", async () => {
    await signInAs(await createTestAdmin());
    const id = await create(BASIC);
    expect(await setGatewayEnabledAction({ id, enabled: false })).toEqual({ ok: true, data: { id, enabled: false } });
    expect((await row(id)).enabled).toBe(false);
    expect(await setGatewayEnabledAction({ id, enabled: true })).toMatchObject({ ok: true });
    expect((await row(id)).enabled).toBe(true);
    expect(await setGatewayEnabledAction({ id: "00000000-0000-4000-8000-000000000000", enabled: true })).toMatchObject({ ok: false, code: "not_found" });
  });

  it("delete a gateway no domain uses", async () => {
    await signInAs(await createTestAdmin());
    const id = await create(BASIC);
    expect(await deleteGatewayAction({ id })).toEqual({ ok: true, data: { reassignedDomains: [] } });
    expect(await getDb().gateway.count()).toBe(0);
    expect(await deleteGatewayAction({ id })).toMatchObject({ ok: false, code: "not_found" });
  });

  it("refuse to delete a gateway domains use, naming them, until asked to move them to round robin", async () => {
    await signInAs(await createTestAdmin());
    const id = await create(BASIC);
    await getDb().domain.createMany({ data: [{ name: "b.example", gatewayId: id }, { name: "a.example", gatewayId: id }, { name: "other.example" }] });

    const refused = await deleteGatewayAction({ id });
    expect(refused).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("a.example, b.example"), fieldErrors: { domains: ["a.example", "b.example"] } });
    expect(await getDb().gateway.count()).toBe(1);
    expect((await listGateways())[0]).toMatchObject({ domainCount: 2, domainNames: ["a.example", "b.example"] });

    expect(await deleteGatewayAction({ id, reassignDomainsToRoundRobin: true })).toEqual({ ok: true, data: { reassignedDomains: ["a.example", "b.example"] } });
    expect(await getDb().gateway.count()).toBe(0);
    expect(await getDb().domain.findMany({ select: { name: true, gatewayId: true }, orderBy: { name: "asc" } })).toEqual([
      { name: "a.example", gatewayId: null },
      { name: "b.example", gatewayId: null },
      { name: "other.example", gatewayId: null },
    ]);
  });

  it("refuse to change the type away from Specific Domains while domains use the gateway", async () => {
    await signInAs(await createTestAdmin());
    const id = await create(BASIC);
    await getDb().domain.create({ data: { name: "routed.example", gatewayId: id } });
    const result = await updateGatewayAction({ ...BASIC, id, type: "ROUND_ROBIN" });
    expect(result).toMatchObject({ ok: false, fieldErrors: { type: [expect.stringContaining("routed.example")] } });
    expect((await row(id)).type).toBe("SPECIFIC_DOMAINS");

    await getDb().domain.updateMany({ data: { gatewayId: null } });
    expect(await updateGatewayAction({ ...BASIC, id, type: "ROUND_ROBIN" })).toMatchObject({ ok: true });
  });
});
