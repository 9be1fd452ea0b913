import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeAllTransports } from "@/lib/engine/delivery/transport-pool";
import { drainQueue } from "@/lib/engine/queue/drain-queue";
import { clearSmarterMailTokenCache } from "@/lib/engine/smartermail/token-cache";
import { getDb } from "@/lib/platform/db";
import type { GatewayInput } from "@/lib/validation/gateway";
import { AUTH_DESTINATION_CHANGED, SMARTERMAIL_DESTINATION_CHANGED } from "@/lib/validation/secret-destination";
import { resetDatabase } from "@/test/db";
import { TEST_TRANSPORT } from "@/test/engine/engine-test-kit";
import { createTestAdmin } from "@/test/factories";
import { signInAs, signOutEveryone } from "@/test/next-request";
import { insertTestMessage } from "@/test/queue/insert-test-message";
import { startFakeSmarterMail, type FakeSmarterMail } from "@/test/smartermail/start-fake-smartermail";
import { startScriptedSmtpServer, type ScriptedSmtpServer } from "@/test/smtp/scripted-smtp-server";
import { createGatewayAction, testSmarterMailConnectionAction, updateGatewayAction } from "./actions";

// Issue #12, kind 2: a stored secret only ever goes to the destination (host, port or URL, username) it was stored for.
const SECRET = "stored-relay-secret";
const SM_SECRET = "stored sm password";

const servers: ScriptedSmtpServer[] = [];
const fakes: FakeSmarterMail[] = [];

async function smtpServer(): Promise<ScriptedSmtpServer> {
  const server = await startScriptedSmtpServer({ script: { auth: { user: "relay-user", pass: SECRET } } });
  servers.push(server);
  return server;
}

async function smartermail(): Promise<FakeSmarterMail> {
  const fake = await startFakeSmarterMail({ username: "sm-admin", password: SM_SECRET });
  fakes.push(fake);
  return fake;
}

function gatewayFor(server: ScriptedSmtpServer): GatewayInput {
  return {
    description: "Relay",
    address: server.host,
    port: server.port,
    encryption: "NONE",
    enabled: "true",
    type: "ROUND_ROBIN",
    authEnabled: true,
    authUsername: "relay-user",
    authPassword: SECRET,
  };
}

async function create(input: GatewayInput): Promise<string> {
  const result = await createGatewayAction(input);
  if (!result.ok) throw new Error(`create failed: ${JSON.stringify(result)}`);
  return result.data.id;
}

/** Every password any AUTH attempt carried to `server`. */
const passwordsSeenBy = (server: ScriptedSmtpServer) => server.credentials.map((credential) => credential.pass);

beforeEach(async () => {
  await resetDatabase();
  clearSmarterMailTokenCache();
  signOutEveryone();
  await signInAs(await createTestAdmin());
});
afterEach(async () => {
  closeAllTransports();
  await Promise.all([...servers.splice(0).map((server) => server.close()), ...fakes.splice(0).map((fake) => fake.close())]);
});

describe("a stored gateway password", () => {
  it("is refused for a new port with a blank password, and delivery never sends it to the new host", async () => {
    const original = await smtpServer();
    const other = await smtpServer();
    const id = await create(gatewayFor(original));

    const result = await updateGatewayAction({ ...gatewayFor(other), id, authPassword: "" });

    expect(result).toMatchObject({ ok: false, code: "validation_failed", fieldErrors: { authPassword: [AUTH_DESTINATION_CHANGED] } });
    expect(await getDb().gateway.findUniqueOrThrow({ where: { id }, select: { port: true } })).toEqual({ port: original.port });

    // Deliver through whatever the gateway now says: the password goes to the server it was given for, never the other.
    await insertTestMessage();
    await drainQueue({ maxMs: 10_000, transport: TEST_TRANSPORT });
    expect(passwordsSeenBy(other)).toEqual([]);
    expect(other.sessions).toHaveLength(0);
    expect(passwordsSeenBy(original)).toEqual([SECRET]);
  });

  it.each<[string, Partial<GatewayInput>]>([
    ["server address", { address: "localhost" }],
    ["username", { authUsername: "other-user" }],
  ])("is refused when the %s changed and the password was left blank", async (_name, change) => {
    const id = await create(gatewayFor(await smtpServer()));
    const before = await getDb().gateway.findUniqueOrThrow({ where: { id } });

    const result = await updateGatewayAction({ ...gatewayFor(await smtpServer()), port: before.port, ...change, id, authPassword: "" });

    expect(result).toMatchObject({ ok: false, fieldErrors: { authPassword: [AUTH_DESTINATION_CHANGED] } });
    expect(await getDb().gateway.findUniqueOrThrow({ where: { id } })).toEqual(before);
  });

  it("is kept when only other fields change, and replaced with the new destination when typed again", async () => {
    const original = await smtpServer();
    const other = await smtpServer();
    const id = await create(gatewayFor(original));

    expect(await updateGatewayAction({ ...gatewayFor(original), id, description: "Renamed", authPassword: "" })).toMatchObject({ ok: true });
    expect(await updateGatewayAction({ ...gatewayFor(other), id, authPassword: SECRET })).toMatchObject({ ok: true });

    await insertTestMessage();
    await drainQueue({ maxMs: 10_000, transport: TEST_TRANSPORT });
    expect(passwordsSeenBy(other)).toEqual([SECRET]);
    expect(passwordsSeenBy(original)).toEqual([]);
  });
});

describe("a stored SmarterMail password", () => {
  async function smartermailGateway(url: string): Promise<string> {
    const relay = await smtpServer();
    return create({ ...gatewayFor(relay), smartermailEnabled: true, smartermailUrl: url, smartermailUsername: "sm-admin", smartermailPassword: SM_SECRET });
  }

  it("is never sent by Test connection to a URL other than the stored one", async () => {
    const stored = await smartermail();
    const other = await smartermail();
    const gatewayId = await smartermailGateway(stored.url);

    const result = await testSmarterMailConnectionAction({ gatewayId, smartermailUrl: other.url, smartermailUsername: "sm-admin", smartermailPassword: "" });

    expect(result).toMatchObject({ ok: false, code: "validation_failed", fieldErrors: { smartermailPassword: [SMARTERMAIL_DESTINATION_CHANGED] } });
    expect(other.authenticateCalls).toBe(0);
    // The stored URL and username still work with the stored password.
    expect(await testSmarterMailConnectionAction({ gatewayId, smartermailUrl: stored.url, smartermailUsername: "sm-admin", smartermailPassword: "" })).toMatchObject({
      ok: true,
      data: { ok: true },
    });
  });

  it("is never sent by Test connection as another username", async () => {
    const stored = await smartermail();
    const gatewayId = await smartermailGateway(stored.url);

    const result = await testSmarterMailConnectionAction({ gatewayId, smartermailUrl: stored.url, smartermailUsername: "someone-else", smartermailPassword: "" });

    expect(result).toMatchObject({ ok: false, fieldErrors: { smartermailPassword: [SMARTERMAIL_DESTINATION_CHANGED] } });
    expect(stored.authenticateCalls).toBe(0);
  });

  it("cannot be kept for a new SmarterMail URL on save", async () => {
    const stored = await smartermail();
    const other = await smartermail();
    const gatewayId = await smartermailGateway(stored.url);
    const row = await getDb().gateway.findUniqueOrThrow({ where: { id: gatewayId } });

    const result = await updateGatewayAction({
      ...gatewayFor(servers[0]),
      id: gatewayId,
      authPassword: "",
      smartermailEnabled: true,
      smartermailUrl: other.url,
      smartermailUsername: "sm-admin",
      smartermailPassword: "",
    });

    expect(result).toMatchObject({ ok: false, fieldErrors: { smartermailPassword: [SMARTERMAIL_DESTINATION_CHANGED] } });
    expect(await getDb().gateway.findUniqueOrThrow({ where: { id: gatewayId } })).toEqual(row);
  });
});
