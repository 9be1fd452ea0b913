import { beforeEach, describe, expect, it, vi } from "vitest";
import { createHostedDomains } from "../../../test/api-fixtures";
import { resetDatabase } from "../../../test/db";
import { getDb } from "../../platform/db";
import { getEnv } from "../../platform/env";
import { AppError } from "../../platform/errors";
import { hashPassword } from "../../platform/password";
import { smtpCredentialInputSchema, type SmtpCredentialInput } from "../../validation/smtp-credential";
import { authenticateSmtpCredential, findIpRelayClient } from "./authenticate-smtp-credential";
import { createSmtpCredential } from "./create-smtp-credential";
import { revokeSmtpCredential } from "./revoke-smtp-credential";

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (reason: unknown) => reason);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

function create(input: Partial<SmtpCredentialInput> = {}) {
  return createSmtpCredential(smtpCredentialInputSchema.parse({ name: "printer", username: "printer", domainIds: [], ...input }));
}

describe("authenticateSmtpCredential", () => {
  beforeEach(resetDatabase);

  it("returns the client for the right password, with its domains, and records the use", async () => {
    const { "example.com": domainId } = await createHostedDomains("example.com");
    const { id, password } = await create({ username: "Mailer@Example.com", domainIds: [domainId] });
    const client = await authenticateSmtpCredential({ username: "mailer@example.com", password, clientIp: "192.0.2.1" });
    expect(client).toEqual({ id, name: "printer", allDomains: false, domainNames: ["example.com"] });
    expect(await authenticateSmtpCredential({ username: " MAILER@example.COM", password, clientIp: "192.0.2.1" })).toEqual(client);
    expect((await getDb().smtpCredential.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();
  });

  it("stores only an argon2id hash of the generated password", async () => {
    const { id, password } = await create();
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const { passwordHash } = await getDb().smtpCredential.findUniqueOrThrow({ where: { id } });
    expect(passwordHash).toMatch(/^\$argon2id\$/);
    expect(passwordHash).not.toContain(password);
  });

  it("refuses an unknown username and a wrong password", async () => {
    const { password } = await create();
    expect((await rejection(authenticateSmtpCredential({ username: "nobody", password, clientIp: "192.0.2.1" }))).code).toBe("unauthorized");
    expect((await rejection(authenticateSmtpCredential({ username: "printer", password: `${password}x`, clientIp: "192.0.2.1" }))).code).toBe("unauthorized");
  });

  it("never lets a cached success accept a wrong password, and a changed password misses the cache at once", async () => {
    const { id, password } = await create();
    await authenticateSmtpCredential({ username: "printer", password, clientIp: "192.0.2.1" });
    for (const wrong of [password.slice(0, -1), `${password} `, password.toUpperCase()]) {
      expect((await rejection(authenticateSmtpCredential({ username: "printer", password: wrong, clientIp: "192.0.2.2" }))).code).toBe("unauthorized");
    }
    await getDb().smtpCredential.update({ where: { id }, data: { passwordHash: await hashPassword("another password entirely") } });
    expect((await rejection(authenticateSmtpCredential({ username: "printer", password, clientIp: "192.0.2.3" }))).code).toBe("unauthorized");
    expect(await authenticateSmtpCredential({ username: "printer", password: "another password entirely", clientIp: "192.0.2.3" })).toMatchObject({ id });
  });

  it("refuses a revoked credential at once, though its password was just verified and cached", async () => {
    const { id, password } = await create();
    await authenticateSmtpCredential({ username: "printer", password, clientIp: "192.0.2.1" });
    await revokeSmtpCredential({ id });
    const refusal = await rejection(authenticateSmtpCredential({ username: "printer", password, clientIp: "192.0.2.1" }));
    expect(refusal.code).toBe("unauthorized");
    expect(refusal.message).toMatch(/revoked/);
  });

  it("refuses a client outside the allowed networks, and accepts one inside (also as an IPv4-mapped address)", async () => {
    const { password } = await create({ allowedNetworks: "10.1.0.0/16\n2001:db8::/32" });
    const outside = await rejection(authenticateSmtpCredential({ username: "printer", password, clientIp: "10.2.0.1" }));
    expect(outside.code).toBe("unauthorized");
    expect(outside.message).toMatch(/address/);
    await expect(authenticateSmtpCredential({ username: "printer", password, clientIp: "10.1.200.3" })).resolves.toMatchObject({ name: "printer" });
    await expect(authenticateSmtpCredential({ username: "printer", password, clientIp: "::ffff:10.1.0.9" })).resolves.toMatchObject({ name: "printer" });
    await expect(authenticateSmtpCredential({ username: "printer", password, clientIp: "2001:DB8::5" })).resolves.toMatchObject({ name: "printer" });
  });

  it("locks a username after its failures, from whatever addresses, and the right password is then refused too", async () => {
    const { OUTGATE_LOGIN_MAX_FAILURES: max } = getEnv();
    const { password } = await create();
    for (let index = 0; index < max; index++) {
      expect((await rejection(authenticateSmtpCredential({ username: "printer", password: "guess", clientIp: `198.51.100.${index + 1}` }))).code).toBe("unauthorized");
    }
    const locked = await rejection(authenticateSmtpCredential({ username: "printer", password, clientIp: "203.0.113.9" }));
    expect(locked.code).toBe("rate_limited");
    expect(locked.status).toBe(429);
  });

  it("locks an IP after failures spread over many usernames, while other addresses still get in", async () => {
    const { OUTGATE_LOGIN_MAX_FAILURES: max } = getEnv();
    const { password } = await create();
    for (let index = 0; index < max * 4; index++) {
      expect((await rejection(authenticateSmtpCredential({ username: `guess${index}`, password: "guess", clientIp: "198.51.100.7" }))).code).toBe("unauthorized");
    }
    expect((await rejection(authenticateSmtpCredential({ username: "printer", password, clientIp: "198.51.100.7" }))).code).toBe("rate_limited");
    expect((await rejection(authenticateSmtpCredential({ username: "printer", password, clientIp: "::ffff:198.51.100.7" }))).code).toBe("rate_limited");
    await expect(authenticateSmtpCredential({ username: "printer", password, clientIp: "198.51.100.8" })).resolves.toMatchObject({ name: "printer" });
  });

  it("lets parallel guesses reach the password check no more often than the ceiling", async () => {
    const { OUTGATE_LOGIN_MAX_FAILURES: max } = getEnv();
    await create();
    const results = await Promise.all(
      Array.from({ length: max * 3 }, (_, index) => rejection(authenticateSmtpCredential({ username: "printer", password: `guess${index}`, clientIp: `198.51.100.${index + 1}` }))),
    );
    expect(results.filter((error) => error.code === "unauthorized").length).toBeLessThanOrEqual(max);
    expect(results.filter((error) => error.code === "rate_limited").length).toBeGreaterThanOrEqual(max * 2);
  });

  it("takes parallel right and wrong passwords from several addresses without a deadlock, leaving nothing pending", async () => {
    // A new-user trial's case: 25 sessions of one credential from 3 addresses, 4 of them with a wrong password. The
    // throttle's statements once locked the username and IP rows in opposite orders (deadlock detected, 451), and a
    // failed statement left its reservation counted, so the right password was "busy" for the whole lock period.
    const { password } = await create();
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        authenticateSmtpCredential({ username: "printer", password: index % 6 === 5 ? `typo${index}` : password, clientIp: `198.51.100.${(index % 3) + 1}` }).then(
          () => "ok",
          (error: unknown) => (error instanceof AppError ? error.code : String(error)),
        ),
      ),
    );
    expect(results.filter((result) => result === "ok")).toHaveLength(21);
    expect(results.filter((result) => result !== "ok")).toEqual(["unauthorized", "unauthorized", "unauthorized", "unauthorized"]);
    const rows = await getDb().loginThrottle.findMany({ select: { key: true, pendingUntil: true } });
    expect(rows.filter((row) => row.pendingUntil.length > 0)).toEqual([]);
  });

  it("lets a password it verified recently in while guesses at the username have locked it; an unverified one waits out the lock", async () => {
    const { OUTGATE_LOGIN_MAX_FAILURES: max } = getEnv();
    const { password } = await create();
    const relay = await create({ name: "relay", username: "relay" });
    await authenticateSmtpCredential({ username: "printer", password, clientIp: "192.0.2.10" });
    for (let index = 0; index < max; index++) await rejection(authenticateSmtpCredential({ username: "printer", password: `guess${index}`, clientIp: "203.0.113.66" }));
    for (let index = 0; index < max; index++) await rejection(authenticateSmtpCredential({ username: "relay", password: `guess${index}`, clientIp: "203.0.113.67" }));
    // The mail server that has been relaying with it goes on; a guesser's lock does not stop it.
    await expect(authenticateSmtpCredential({ username: "printer", password, clientIp: "192.0.2.10" })).resolves.toMatchObject({ name: "printer" });
    // A right password not verified lately is held to the lock like any other attempt.
    expect((await rejection(authenticateSmtpCredential({ username: "relay", password: relay.password, clientIp: "192.0.2.11" }))).code).toBe("rate_limited");
  });

  it("keeps SMTP failures apart from console sign-in failures", async () => {
    const { OUTGATE_LOGIN_MAX_FAILURES: max } = getEnv();
    await create();
    for (let index = 0; index < max; index++) await rejection(authenticateSmtpCredential({ username: "printer", password: "guess", clientIp: "198.51.100.1" }));
    const keys = (await getDb().loginThrottle.findMany({ select: { key: true } })).map(({ key }) => key).sort();
    expect(keys).toEqual(["smtp-ip:198.51.100.1", "smtp-user:printer"]);
  });
});

describe("findIpRelayClient", () => {
  beforeEach(resetDatabase);

  it("finds the IP-only relay credential whose network holds the client, the most specific first", async () => {
    const wide = await create({ name: "lan", username: "lan", allowedNetworks: "10.0.0.0/8", ipRelay: true });
    const narrow = await create({ name: "printers", username: "printers", allowedNetworks: "10.9.0.0/16, 192.0.2.5", ipRelay: true });
    await create({ name: "auth only", username: "auth-only", allowedNetworks: "10.9.9.0/24", ipRelay: false });
    expect(await findIpRelayClient("10.1.2.3")).toEqual({ id: wide.id, name: "lan", allDomains: true, domainNames: [] });
    expect(await findIpRelayClient("::ffff:10.9.9.9")).toMatchObject({ id: narrow.id });
    expect(await findIpRelayClient("192.0.2.5")).toMatchObject({ id: narrow.id });
    expect(await findIpRelayClient("192.0.2.6")).toBeNull();
    expect(await findIpRelayClient("not an address")).toBeNull();
  });

  it("never relays for a stored network too wide for IP-only relay (a row from before the bound), and logs why", async () => {
    // Written past the form's schema, as rows stored before the bound were.
    const legacy = await createSmtpCredential({ name: "legacy", username: "legacy", domainIds: [], allowedNetworks: ["0.0.0.0/0", "::ffff:0:0/96", "192.0.2.0/24"], ipRelay: true });
    const lines: string[] = [];
    vi.stubEnv("OUTGATE_LOG_LEVEL", "info");
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => lines.push(String(chunk)) > 0);
    try {
      expect(await findIpRelayClient("127.0.0.5")).toBeNull();
      expect(await findIpRelayClient("::ffff:198.51.100.1")).toBeNull();
      expect(await findIpRelayClient("192.0.2.7")).toMatchObject({ id: legacy.id });
    } finally {
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
    }
    const refused = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.event === "smtp.relay-network-ignored");
    expect(refused).toEqual([
      expect.objectContaining({ level: "warn", client: "127.0.0.5", credential: "legacy", network: "0.0.0.0/0", reason: expect.stringMatching(/too wide for IP-only relay/) }),
      expect.objectContaining({ client: "198.51.100.1", network: "0.0.0.0/0" }),
    ]);
  });

  it("relays for none of a stored list whose networks sum past the bound", async () => {
    const networks = Array.from({ length: 8 }, (_, index) => `${index + 11}.0.0.0/8`);
    await createSmtpCredential({ name: "sum", username: "sum", domainIds: [], allowedNetworks: networks, ipRelay: true });
    expect(await findIpRelayClient("11.1.2.3")).toBeNull();
    expect(await findIpRelayClient("18.1.2.3")).toBeNull();
  });

  it("stops relaying for a revoked credential at once", async () => {
    const { id } = await create({ allowedNetworks: "127.0.0.1", ipRelay: true });
    expect(await findIpRelayClient("127.0.0.1")).toMatchObject({ id });
    await revokeSmtpCredential({ id });
    expect(await findIpRelayClient("127.0.0.1")).toBeNull();
  });
});
