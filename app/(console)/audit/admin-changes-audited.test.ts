import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { signInAs, signOutEveryone } from "@/test/next-request";
import { changePasswordAction, createAdminAction, deleteAdminAction } from "../admins/actions";
import { createApiKeyAction, revokeApiKeyAction } from "../api-keys/actions";
import { createDomainAction, deleteDomainAction, updateDomainAction } from "../domains/actions";
import { createGatewayAction, deleteGatewayAction, setGatewayEnabledAction, updateGatewayAction } from "../gateways/actions";
import { updateDeliverySettingsAction } from "../gateways/failover/actions";

/**
 * Every admin change through the console's real server actions writes one audit entry with the signed-in admin,
 * the values before and after, and no secret (issue 14, item 6).
 */
const GATEWAY = {
  description: "Primary relay",
  address: "smtp.example.com",
  port: 587,
  encryption: "STARTTLS_REQUIRED" as const,
  enabled: "true" as const,
  type: "SPECIFIC_DOMAINS" as const,
  authEnabled: true,
  authUsername: "relay-user",
  authPassword: "first relay password",
};

async function ok<T>(result: Promise<{ ok: true; data: T } | { ok: false; message: string }>): Promise<T> {
  const answer = await result;
  if (!answer.ok) throw new Error(`action failed: ${JSON.stringify(answer)}`);
  return answer.data;
}

function entries() {
  return getDb().auditEntry.findMany({ orderBy: { id: "asc" } });
}

/** What the entries hold, as text (the bigint ids left out). */
function storedJson(log: Awaited<ReturnType<typeof entries>>): string {
  return JSON.stringify(log.map(({ actorLabel, targetLabel, before, after, detail }) => ({ actorLabel, targetLabel, before, after, detail })));
}

let admin: { id: string; email: string };

describe("admin changes are audited", () => {
  beforeEach(async () => {
    await resetDatabase();
    signOutEveryone();
    admin = await createTestAdmin({ password: "correct horse battery" });
    await signInAs(admin);
  });

  it("gateways: create, update, disable, enable and delete, with before/after and never a password", async () => {
    const { id } = await ok(createGatewayAction(GATEWAY));
    const sealed = [(await getDb().gateway.findUniqueOrThrow({ where: { id } })).authPasswordEnc!];
    await ok(updateGatewayAction({ ...GATEWAY, id, description: "Renamed relay", port: 2525, authPassword: "second relay password" }));
    sealed.push((await getDb().gateway.findUniqueOrThrow({ where: { id } })).authPasswordEnc!);
    await ok(setGatewayEnabledAction({ id, enabled: false }));
    await ok(setGatewayEnabledAction({ id, enabled: true }));
    await ok(deleteGatewayAction({ id }));
    const log = await entries();
    expect(log.map((entry) => entry.action)).toEqual(["gateway.create", "gateway.update", "gateway.disable", "gateway.enable", "gateway.delete"]);
    for (const entry of log) expect(entry).toMatchObject({ actorKind: "admin", actorAdminId: admin.id, actorLabel: admin.email, targetType: "gateway", targetId: id });
    const [created, updated, disabled, , deleted] = log;
    expect(created.after).toMatchObject({ description: "Primary relay", port: 587, authUsername: "relay-user" });
    expect(updated).toMatchObject({
      targetLabel: "Renamed relay",
      before: { description: "Primary relay", port: 587 },
      after: { description: "Renamed relay", port: 2525 },
      detail: { secretsChanged: ["authPasswordEnc"] },
    });
    expect(disabled).toMatchObject({ before: { enabled: true }, after: { enabled: false } });
    expect(deleted).toMatchObject({ before: { description: "Renamed relay" }, after: null });
    const stored = storedJson(log);
    expect(stored).not.toContain("relay password");
    for (const value of sealed) expect(stored).not.toContain(value);
  });

  it("a gateway update that keeps the password says nothing about it", async () => {
    const { id } = await ok(createGatewayAction(GATEWAY));
    await ok(updateGatewayAction({ ...GATEWAY, id, description: "Same password", authPassword: "" }));
    const updated = (await entries()).find((entry) => entry.action === "gateway.update");
    expect(updated?.detail).toBeNull();
  });

  it("a refused change leaves no entry", async () => {
    const { id } = await ok(createGatewayAction(GATEWAY));
    await ok(createDomainAction({ name: "pinned.example", gatewayId: id }));
    expect(await deleteGatewayAction({ id })).toMatchObject({ ok: false, code: "conflict" });
    expect(await updateGatewayAction({ ...GATEWAY, id, type: "ROUND_ROBIN" })).toMatchObject({ ok: false });
    expect((await entries()).map((entry) => entry.action)).toEqual(["gateway.create", "domain.create"]);
  });

  it("domains: create, update (gateway and failover) and delete", async () => {
    const gateway = await ok(createGatewayAction(GATEWAY));
    const domain = await ok(createDomainAction({ name: "shop.example", gatewayId: null }));
    await ok(updateDomainAction({ id: domain.id, name: "shop.example", gatewayId: gateway.id, failoverToRoundRobin: true }));
    await ok(deleteDomainAction({ id: domain.id }));
    const log = (await entries()).filter((entry) => entry.targetType === "domain");
    expect(log.map((entry) => entry.action)).toEqual(["domain.create", "domain.update", "domain.delete"]);
    expect(log[0]).toMatchObject({ actorLabel: admin.email, targetLabel: "shop.example", after: { name: "shop.example", gatewayId: null } });
    expect(log[1]).toMatchObject({
      before: { gatewayId: null, failoverToRoundRobin: false },
      after: { gatewayId: gateway.id, failoverToRoundRobin: true },
    });
    expect(log[2]).toMatchObject({ before: { name: "shop.example", gatewayId: gateway.id } });
  });

  it("API keys: create and revoke, never the key or its hash", async () => {
    const created = await ok(createApiKeyAction({ name: "Billing app", domainIds: [] }));
    await ok(revokeApiKeyAction({ id: created.id }));
    await ok(revokeApiKeyAction({ id: created.id }));
    const log = await entries();
    expect(log.map((entry) => entry.action)).toEqual(["api-key.create", "api-key.revoke"]);
    expect(log[0]).toMatchObject({ targetId: created.id, targetLabel: "Billing app", after: { name: "Billing app", prefix: created.prefix, allDomains: true } });
    expect(log[1]).toMatchObject({ before: { revokedAt: null }, after: { prefix: created.prefix } });
    const { keyHash } = await getDb().apiKey.findUniqueOrThrow({ where: { id: created.id } });
    const stored = storedJson(log);
    expect(stored).not.toContain(created.key);
    expect(stored).not.toContain(keyHash);
  });

  it("admins: create, delete and a password change, never a password or its hash", async () => {
    const created = await ok(createAdminAction({ email: "new@example.com", password: "long enough password", confirmPassword: "long enough password" }));
    await ok(deleteAdminAction({ id: created.id }));
    await ok(changePasswordAction({ currentPassword: "correct horse battery", newPassword: "staple grommet lantern", confirmPassword: "staple grommet lantern" }));
    const log = await entries();
    expect(log.map((entry) => entry.action)).toEqual(["admin.create", "admin.delete", "admin.password-change"]);
    expect(log[0]).toMatchObject({ actorLabel: admin.email, targetLabel: "new@example.com", after: { email: "new@example.com" } });
    expect(log[1]).toMatchObject({ actorLabel: admin.email, targetId: created.id, before: { email: "new@example.com" } });
    expect(log[2]).toMatchObject({ targetId: admin.id, detail: { secretsChanged: ["password"], sessionsEnded: true } });
    expect(storedJson(log)).not.toMatch(/long enough|staple|correct horse|argon2/);
  });

  it("delivery settings: the values before and after", async () => {
    await ok(updateDeliverySettingsAction({ retryDelays: "90, 5m", maxLifetime: "2d", bouncesEnabled: false, defaultFailoverToRoundRobin: true, balancing: "LEAST_SPOOL" }));
    const [entry] = await entries();
    expect(entry).toMatchObject({
      action: "settings.update",
      targetType: "settings",
      before: { retryDelaysSeconds: [300, 600, 1200, 2400, 3600], bouncesEnabled: true, balancing: "ROUND_ROBIN" },
      after: { retryDelaysSeconds: [90, 300], maxLifetimeSeconds: 172800, bouncesEnabled: false, balancing: "LEAST_SPOOL" },
    });
  });
});
