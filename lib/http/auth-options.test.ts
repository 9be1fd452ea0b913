import { encode } from "next-auth/jwt";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../platform/db";
import { getEnv } from "../platform/env";
import { resetDatabase } from "../../test/db";
import { createTestAdmin } from "../../test/factories";
import { cookieJar, signInAs, signOutEveryone } from "../../test/next-request";
import { authOptions } from "./auth-options";
import { getAdminSession } from "./get-admin-session";

const PASSWORD = "correct horse battery";

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string } | null>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;

function outcome(attempt: Promise<unknown>): Promise<string> {
  return attempt.then(
    () => "ok",
    (error: Error) => error.message,
  );
}

describe("console sign-in (next-auth authorize)", () => {
  beforeEach(resetDatabase);

  it("does not let a client aim the per-IP lock at another address through X-Forwarded-For", async () => {
    const victim = await createTestAdmin({ password: PASSWORD });
    const ipCeiling = getEnv().OUTGATE_LOGIN_MAX_FAILURES * 4;
    // An attacker fails on many made-up accounts, claiming to be the victim's address.
    const attempts = Array.from({ length: ipCeiling }, (_, index) =>
      outcome(authorize({ email: `nobody${index}@example.test`, password: "guess" }, { headers: { "x-forwarded-for": "192.0.2.50" } })),
    );
    expect(new Set(await Promise.all(attempts))).toEqual(new Set(["Wrong email or password."]));
    const signedIn = await authorize({ email: victim.email, password: PASSWORD }, { headers: { "x-forwarded-for": "192.0.2.50" } });
    expect(signedIn).toMatchObject({ id: victim.id });
  });
});

describe("admin sessions", () => {
  beforeEach(async () => {
    await resetDatabase();
    signOutEveryone();
  });

  /** The cookie next-auth would set after this admin signed in through the login form. */
  async function signInThroughLogin(email: string): Promise<string> {
    const user = await authorize({ email, password: PASSWORD }, { headers: {} });
    const token = await authOptions.callbacks!.jwt!({ token: { sub: user!.id }, user: user as never, trigger: "signIn" } as never);
    const cookie = await encode({ token, secret: process.env.NEXTAUTH_SECRET! });
    cookieJar.set("next-auth.session-token", cookie);
    return cookie;
  }

  it("end server-side at sign-out: a copy of the cookie no longer works", async () => {
    const admin = await createTestAdmin({ password: PASSWORD });
    const cookie = await signInThroughLogin(admin.email);
    expect(await getAdminSession()).toEqual({ id: admin.id, email: admin.email });

    const { decode } = await import("next-auth/jwt");
    const token = await decode({ token: cookie, secret: process.env.NEXTAUTH_SECRET! });
    await authOptions.events!.signOut!({ token: token!, session: null as never });
    cookieJar.set("next-auth.session-token", cookie);
    expect(await getAdminSession()).toBeNull();

    // Signing in again gives a session that works.
    await signInThroughLogin(admin.email);
    expect(await getAdminSession()).toEqual({ id: admin.id, email: admin.email });
  });

  it("refuse a session issued before the admin's sessions were ended, and one with no version", async () => {
    const admin = await createTestAdmin({ password: PASSWORD });
    await signInAs(admin);
    expect(await getAdminSession()).not.toBeNull();
    await getDb().admin.update({ where: { id: admin.id }, data: { sessionVersion: { increment: 1 } } });
    expect(await getAdminSession()).toBeNull();

    const unversioned = await encode({ token: { adminId: admin.id, sub: admin.id }, secret: process.env.NEXTAUTH_SECRET! });
    cookieJar.set("next-auth.session-token", unversioned);
    expect(await getAdminSession()).toBeNull();
  });
});
