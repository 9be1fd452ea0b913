/**
 * Issue 13, item 2: Test connection for every gateway, through the real server actions, against a real SMTP server.
 * Only an admin may run it; a blank password uses the stored one only for its own destination (issue 12, kind 2);
 * RCPT TO defaults to the admin's own address; the grid's test uses the stored gateway.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encryptSecret } from "@/lib/platform/secret-box";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { signInAs, signOutEveryone } from "@/test/next-request";
import { startTestSmtpServer, type TestSmtpServer } from "@/test/smtp/start-test-smtp-server";
import { testGatewayConnectionAction, testStoredGatewayConnectionAction } from "./actions";

let server: TestSmtpServer;
let rcptSeen: string[];

beforeEach(async () => {
  await resetDatabase();
  signOutEveryone();
  rcptSeen = [];
  server = await startTestSmtpServer({
    auth: { user: "relay", pass: "stored secret" },
    rejectRecipient: (address) => {
      rcptSeen.push(address);
      return null;
    },
  });
});
afterEach(() => server.close());

const form = (overrides: Record<string, unknown> = {}) => ({
  description: "Relay",
  address: "127.0.0.1",
  port: server.port,
  encryption: "NONE" as const,
  type: "ROUND_ROBIN" as const,
  enabled: true,
  authEnabled: true,
  authUsername: "relay",
  authPassword: "stored secret",
  ...overrides,
});

async function storedGateway() {
  const row = await getDb().gateway.create({
    data: { description: "Relay", address: "127.0.0.1", port: server.port, encryption: "NONE", type: "ROUND_ROBIN", authEnabled: true, authUsername: "relay", authPasswordEnc: encryptSecret("stored secret") },
    select: { id: true },
  });
  return row.id;
}

describe("testGatewayConnectionAction", () => {
  it("refuses an anonymous caller without contacting the server", async () => {
    const result = await testGatewayConnectionAction(form());
    expect(result).toMatchObject({ ok: false, code: "unauthorized" });
    expect(server.sessionCount()).toBe(0);
  });

  it("runs every step with the typed values, RCPT TO the admin's own address by default, and sends nothing", async () => {
    const admin = await createTestAdmin();
    await signInAs(admin);
    const result = await testGatewayConnectionAction(form());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.ok).toBe(true);
    expect(result.data.steps.map((step) => step.step)).toEqual(["DNS", "Connect", "Greeting", "EHLO", "AUTH", "MAIL FROM", "RCPT TO", "RSET"]);
    expect(rcptSeen).toEqual([admin.email]);
    expect(server.messages).toEqual([]);
  });

  it("needs only what a connection needs: an empty description (and no type or status) still runs the test", async () => {
    await signInAs(await createTestAdmin());
    const { address, port, encryption, authEnabled, authUsername, authPassword } = form({ description: "" });
    const result = await testGatewayConnectionAction({ address, port, encryption, authEnabled, authUsername, authPassword });
    expect(result).toMatchObject({ ok: true, data: { ok: true } });
    expect(server.sessionCount()).toBe(1);
  });

  it("still checks the connection's own fields: a bad port and a missing auth username are field errors", async () => {
    await signInAs(await createTestAdmin());
    const result = await testGatewayConnectionAction(form({ description: "", port: 0, authUsername: "" }));
    expect(result).toMatchObject({ ok: false, code: "validation_failed" });
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["authUsername", "port"]);
    expect(server.sessionCount()).toBe(0);
  });

  it("uses a typed test recipient, and refuses a malformed one with a field error", async () => {
    await signInAs(await createTestAdmin());
    await testGatewayConnectionAction(form({ testAddress: "ops@dest.example" }));
    expect(rcptSeen).toEqual(["ops@dest.example"]);
    const bad = await testGatewayConnectionAction(form({ testAddress: "not an address" }));
    expect(bad).toMatchObject({ ok: false, code: "validation_failed", fieldErrors: { testAddress: [expect.any(String)] } });
  });

  it("keeps a blank password only for the destination it was stored for", async () => {
    await signInAs(await createTestAdmin());
    const gatewayId = await storedGateway();
    const same = await testGatewayConnectionAction(form({ gatewayId, authPassword: "" }));
    expect(same).toMatchObject({ ok: true, data: { ok: true } });

    const other = await startTestSmtpServer({ auth: { user: "relay", pass: "stored secret" } });
    try {
      const moved = await testGatewayConnectionAction(form({ gatewayId, authPassword: "", port: other.port }));
      expect(moved).toMatchObject({ ok: false, code: "validation_failed", fieldErrors: { authPassword: [expect.stringMatching(/Enter the password again/)] } });
      expect(other.sessionCount()).toBe(0);
    } finally {
      await other.close();
    }
  });

  it("names AUTH for a wrong typed password", async () => {
    await signInAs(await createTestAdmin());
    const result = await testGatewayConnectionAction(form({ authPassword: "wrong" }));
    expect(result).toMatchObject({ ok: true, data: { ok: false } });
    if (result.ok) expect(result.data.steps.at(-1)).toMatchObject({ step: "AUTH", ok: false });
  });
});

describe("testStoredGatewayConnectionAction", () => {
  it("tests the stored gateway, with its stored password, for an admin only", async () => {
    const gatewayId = await storedGateway();
    expect(await testStoredGatewayConnectionAction({ id: gatewayId })).toMatchObject({ ok: false, code: "unauthorized" });
    await signInAs(await createTestAdmin());
    const result = await testStoredGatewayConnectionAction({ id: gatewayId });
    expect(result).toMatchObject({ ok: true, data: { ok: true } });
    expect(await testStoredGatewayConnectionAction({ id: "00000000-0000-4000-8000-000000000000" })).toMatchObject({ ok: false, code: "not_found" });
  });
});
