import { beforeEach, describe, expect, it } from "vitest";
import { authenticateSmtpCredential } from "@/lib/console/smtp-credentials/authenticate-smtp-credential";
import { getDb } from "@/lib/platform/db";
import { createHostedDomains } from "@/test/api-fixtures";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { signInAs, signOutEveryone } from "@/test/next-request";
import { createSmtpCredentialAction, revokeSmtpCredentialAction } from "./actions";

describe("SMTP credential actions", () => {
  beforeEach(async () => {
    await resetDatabase();
    signOutEveryone();
  });

  it("refuse an anonymous caller and change nothing", async () => {
    expect(await createSmtpCredentialAction({ name: "x", username: "x", domainIds: [], allowedNetworks: "", ipRelay: false })).toMatchObject({ ok: false, code: "unauthorized" });
    expect(await revokeSmtpCredentialAction({ id: "00000000-0000-4000-8000-000000000000" })).toMatchObject({ ok: false, code: "unauthorized" });
    expect(await getDb().smtpCredential.count()).toBe(0);
  });

  it("create a credential whose password is answered once, stored only hashed, and audited without it", async () => {
    const admin = await createTestAdmin();
    await signInAs(admin);
    const { "example.com": domainId } = await createHostedDomains("example.com");
    const result = await createSmtpCredentialAction({ name: " Exchange ", username: "Exchange01", domainIds: [domainId], allowedNetworks: "192.0.2.7\n10.0.0.0/8", ipRelay: false });
    if (!result.ok) throw new Error(result.message);
    const { id, name, username, password } = result.data;
    expect({ name, username }).toEqual({ name: "Exchange", username: "exchange01" });

    const row = await getDb().smtpCredential.findUniqueOrThrow({ where: { id }, include: { domains: true } });
    expect(row).toMatchObject({ allDomains: false, allowedNetworks: ["192.0.2.7/32", "10.0.0.0/8"], ipRelay: false });
    expect(row.domains.map((link) => link.domainId)).toEqual([domainId]);
    const stored = JSON.stringify(await getDb().$queryRawUnsafe(`SELECT * FROM smtp_credentials`));
    expect(stored).not.toContain(password);

    const [entry] = await getDb().auditEntry.findMany({ where: { action: "smtp-credential.create" } });
    expect(entry).toMatchObject({ actorAdminId: admin.id, targetId: id, targetLabel: "exchange01" });
    expect(JSON.stringify(entry.after)).not.toMatch(/argon2|passwordHash/);
    expect(JSON.stringify(entry.after)).not.toContain(password);
    await expect(authenticateSmtpCredential({ username: "exchange01", password, clientIp: "192.0.2.7" })).resolves.toMatchObject({ id, domainNames: ["example.com"] });
  });

  it("return field errors: bad network, IP-only relay without a network, a taken username", async () => {
    await signInAs(await createTestAdmin());
    expect(await createSmtpCredentialAction({ name: "", username: "bad name", domainIds: [], allowedNetworks: "10.0.0.0/33, printer.lan", ipRelay: false })).toMatchObject({
      ok: false,
      code: "validation_failed",
      fieldErrors: { name: [expect.any(String)], username: [expect.stringMatching(/letters, digits/)], allowedNetworks: [expect.stringMatching(/10\.0\.0\.0\/33/), expect.stringMatching(/printer\.lan/)] },
    });
    expect(await createSmtpCredentialAction({ name: "open", username: "open", domainIds: [], allowedNetworks: " ", ipRelay: true })).toMatchObject({
      ok: false,
      fieldErrors: { allowedNetworks: [expect.stringMatching(/at least one/)] },
    });
    expect(await createSmtpCredentialAction({ name: "a", username: "same", domainIds: [], allowedNetworks: "", ipRelay: false })).toMatchObject({ ok: true });
    expect(await createSmtpCredentialAction({ name: "b", username: "SAME", domainIds: [], allowedNetworks: "", ipRelay: false })).toMatchObject({
      ok: false,
      code: "validation_failed",
      fieldErrors: { username: [expect.stringMatching(/taken/)] },
    });
    expect(await getDb().smtpCredential.count()).toBe(1);
  });

  it("refuse IP-only relay for the whole internet (the tester's request), on allowedNetworks, and store nothing", async () => {
    await signInAs(await createTestAdmin());
    expect(await createSmtpCredentialAction({ name: "X3", username: "x3", domainIds: [], allowedNetworks: ["0.0.0.0/0"], ipRelay: true })).toMatchObject({
      ok: false,
      code: "validation_failed",
      fieldErrors: { allowedNetworks: [expect.stringMatching(/"0\.0\.0\.0\/0" is too wide for IP-only relay/)] },
    });
    for (const allowedNetworks of ["::/0", "0.0.0.0/1, 128.0.0.0/1", "::ffff:0:0/96", "0.0.0.0", "::"]) {
      expect(await createSmtpCredentialAction({ name: "X3", username: "x3", domainIds: [], allowedNetworks, ipRelay: true })).toMatchObject({ ok: false, fieldErrors: { allowedNetworks: expect.any(Array) } });
    }
    expect(await getDb().smtpCredential.count()).toBe(0);
    // With a password the same network only says where the password may be used: taken.
    expect(await createSmtpCredentialAction({ name: "X3", username: "x3", domainIds: [], allowedNetworks: ["0.0.0.0/0"], ipRelay: false })).toMatchObject({ ok: true });
  });

  it("revoke a credential: its next AUTH is refused, one audit entry, a second revoke changes nothing", async () => {
    const admin = await createTestAdmin();
    await signInAs(admin);
    const created = await createSmtpCredentialAction({ name: "printer", username: "printer", domainIds: [], allowedNetworks: "", ipRelay: false });
    if (!created.ok) throw new Error(created.message);
    expect(await revokeSmtpCredentialAction({ id: created.data.id })).toEqual({ ok: true, data: null });
    expect(await revokeSmtpCredentialAction({ id: created.data.id })).toEqual({ ok: true, data: null });
    await expect(authenticateSmtpCredential({ username: "printer", password: created.data.password, clientIp: "192.0.2.1" })).rejects.toMatchObject({ code: "unauthorized" });
    expect(await getDb().auditEntry.count({ where: { action: "smtp-credential.revoke", actorAdminId: admin.id } })).toBe(1);
    expect(await revokeSmtpCredentialAction({ id: "00000000-0000-4000-8000-000000000000" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await revokeSmtpCredentialAction({ id: "not-a-uuid" })).toMatchObject({ ok: false, code: "validation_failed" });
  });
});
