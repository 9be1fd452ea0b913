import { beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/platform/db";
import { endAdminSessions } from "@/lib/console/admins/end-admin-sessions";
import { verifyApiToken } from "@/lib/http/smartermail-api/api-tokens";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { POST as refreshToken } from "../refresh-token/route";
import { POST as authenticateUser } from "./route";

const PASSWORD = "correct horse battery";
const URL_BASE = "http://outgate.test/api/v1/auth";

function post(handler: (request: Request) => Promise<Response>, path: string, body: unknown) {
  return handler(
    new Request(`${URL_BASE}/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

describe("POST /api/v1/auth/authenticate-user", () => {
  beforeEach(() => resetDatabase());

  it("answers an admin's email and password with SmarterMail's token fields", async () => {
    const admin = await createTestAdmin({ email: "ops@example.test", password: PASSWORD });

    const response = await post(authenticateUser, "authenticate-user", { username: "OPS@example.test", password: PASSWORD });

    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ success: true, resultCode: 200, username: admin.email, emailAddress: admin.email, changePasswordNeeded: false });
    expect(body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(body.refreshToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(body.refreshToken).not.toBe(body.accessToken);
    const lifetime = Date.parse(body.accessTokenExpiration) - Date.now();
    expect(lifetime).toBeGreaterThan(14 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60_000);
  });

  it.each([
    ["a wrong password", { username: "ops@example.test", password: "wrong password" }],
    ["an unknown user", { username: "nobody@example.test", password: PASSWORD }],
    ["SmarterMail's admin user name", { username: "admin", password: PASSWORD }],
  ])("refuses %s with HTTP 200, success:false and resultCode 401", async (_label, credentials) => {
    await createTestAdmin({ email: "ops@example.test", password: PASSWORD });

    const response = await post(authenticateUser, "authenticate-user", credentials);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ success: false, resultCode: 401, message: "Invalid username or password" });
  });

  it.each([
    ["not JSON", "username=a&password=b"],
    ["fields missing", { username: "ops@example.test" }],
    ["too large", { username: "ops@example.test", password: "x".repeat(20_000) }],
  ])("answers 400 with success:false for a body %s", async (_label, body) => {
    const response = await post(authenticateUser, "authenticate-user", body);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ success: false, resultCode: 400 });
  });

  it("locks the account after repeated failures, even for the right password", async () => {
    await createTestAdmin({ email: "ops@example.test", password: PASSWORD });
    for (let i = 0; i < 5; i++) await post(authenticateUser, "authenticate-user", { username: "ops@example.test", password: `guess ${i}` });

    const response = await post(authenticateUser, "authenticate-user", { username: "ops@example.test", password: PASSWORD });

    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ success: false, resultCode: 429 });
    expect(body.message).toMatch(/too many failed/i);
    expect(body.accessToken).toBeUndefined();
  });

  it("answers a database failure with the error mapper, not a crash", async () => {
    await getDb().$executeRawUnsafe(`ALTER TABLE login_throttles RENAME TO login_throttles_away`);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await post(authenticateUser, "authenticate-user", { username: "ops@example.test", password: PASSWORD });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: { code: "internal", message: "Something went wrong on our side." } });
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
      await getDb().$executeRawUnsafe(`ALTER TABLE login_throttles_away RENAME TO login_throttles`);
    }
  });
});

describe("POST /api/v1/auth/refresh-token", () => {
  beforeEach(() => resetDatabase());

  async function logIn() {
    await createTestAdmin({ email: "ops@example.test", password: PASSWORD });
    return (await post(authenticateUser, "authenticate-user", { username: "ops@example.test", password: PASSWORD })).json();
  }

  it("trades a refresh token for a new token pair", async () => {
    const login = await logIn();

    const response = await post(refreshToken, "refresh-token", { token: login.refreshToken });

    expect(await response.json()).toMatchObject({ success: true, resultCode: 200, accessToken: expect.any(String), emailAddress: "ops@example.test" });
  });

  it("answers 401 to an access token where a refresh token belongs, to garbage and to no token", async () => {
    const login = await logIn();

    for (const body of [{ token: login.accessToken }, { token: "not-a-token" }, { token: `${login.refreshToken.slice(0, -2)}xx` }, {}, "garbage"]) {
      const response = await post(refreshToken, "refresh-token", body);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ success: false, resultCode: 401 });
    }
  });

  it("refuses the tokens of an admin who signed out since (sign-out ends every session of that admin, API tokens too)", async () => {
    const login = await logIn();
    const admin = await getDb().admin.findUniqueOrThrow({ where: { email: "ops@example.test" } });
    await endAdminSessions({ adminId: admin.id, fromVersion: admin.sessionVersion });

    const refreshed = await post(refreshToken, "refresh-token", { token: login.refreshToken });
    expect(await refreshed.json()).toMatchObject({ success: false, resultCode: 401 });
    expect(await verifyApiToken(login.accessToken, "access")).toBeNull();
  });

  it("refuses the refresh token of a removed admin", async () => {
    const login = await logIn();
    await getDb().admin.deleteMany();

    const response = await post(refreshToken, "refresh-token", { refreshToken: login.refreshToken });

    expect(await response.json()).toMatchObject({ success: false, resultCode: 401 });
  });
});
