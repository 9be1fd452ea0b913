import { beforeEach, describe, expect, it } from "vitest";
import { createTestAdmin } from "../../../test/factories";
import { resetDatabase } from "../../../test/db";
import { AppError } from "../../platform/errors";
import { getEnv } from "../../platform/env";
import { authenticateAdmin } from "./authenticate-admin";

const PASSWORD = "correct horse battery";

/** The error code an attempt ends with, or "ok". */
function outcome(attempt: Promise<unknown>): Promise<string> {
  return attempt.then(
    () => "ok",
    (error: unknown) => (error instanceof AppError ? error.code : `unexpected: ${String(error)}`),
  );
}

describe("authenticateAdmin", () => {
  beforeEach(resetDatabase);

  it("signs in with the right password and refuses a wrong one", async () => {
    const admin = await createTestAdmin({ password: PASSWORD });
    expect(await authenticateAdmin(admin.email.toUpperCase(), PASSWORD, "192.0.2.1")).toEqual({ id: admin.id, email: admin.email, sessionVersion: 1 });
    expect(await outcome(authenticateAdmin(admin.email, "wrong password", "192.0.2.1"))).toBe("unauthorized");
  });

  it("locks after the failure ceiling: the right password among 80 parallel attempts is refused", async () => {
    const admin = await createTestAdmin({ password: PASSWORD });
    const max = getEnv().OUTGATE_LOGIN_MAX_FAILURES;
    const attempts = Array.from({ length: 80 }, (_, index) =>
      outcome(authenticateAdmin(admin.email, index === 40 ? PASSWORD : `wrong password ${index}`, `198.51.100.${index}`)),
    );
    const outcomes = await Promise.all(attempts);
    // Only `max` attempts may reach the password check; every other one is refused by the lock.
    expect(outcomes.filter((code) => code === "unauthorized").length).toBeLessThanOrEqual(max);
    expect(outcomes[40]).toBe("rate_limited");
    expect(outcomes.filter((code) => code === "rate_limited").length).toBeGreaterThanOrEqual(80 - max);
    // The lock holds afterwards too, for the right password.
    expect(await outcome(authenticateAdmin(admin.email, PASSWORD, "203.0.113.9"))).toBe("rate_limited");
  });

  it("locks one IP spread over many accounts, and a success from it does not count as a failure", async () => {
    const admins = await Promise.all(Array.from({ length: 5 }, () => createTestAdmin({ password: PASSWORD })));
    const ipCeiling = getEnv().OUTGATE_LOGIN_MAX_FAILURES * 4;
    for (let round = 0; round < 3; round++) {
      expect(await outcome(authenticateAdmin(admins[0].email, PASSWORD, "192.0.2.7"))).toBe("ok");
    }
    const failures = Array.from({ length: ipCeiling + 10 }, (_, index) => outcome(authenticateAdmin(admins[index % 5].email, `wrong ${index}`, "192.0.2.7")));
    const outcomes = await Promise.all(failures);
    let checked = outcomes.filter((code) => code === "unauthorized").length;
    expect(checked).toBeLessThanOrEqual(ipCeiling);
    // A racing attempt refused for its locked account hands its IP reservation back, so the burst may stop a check
    // or two short of the ceiling: go on one at a time, at accounts that are not locked, until the IP is.
    for (let index = 0; index < ipCeiling; index++) {
      const next = await outcome(authenticateAdmin(`sprayed-${index}@example.test`, "wrong", "192.0.2.7"));
      if (next === "rate_limited") break;
      checked += 1;
    }
    // However the attempts raced, the IP never got more than its ceiling of password checks.
    expect(checked).toBeLessThanOrEqual(ipCeiling);
    expect(await outcome(authenticateAdmin(`someone.else@example.test`, PASSWORD, "192.0.2.7"))).toBe("rate_limited");
    // Another address is not locked by that IP's failures (only by the per-email ones).
    expect(await outcome(authenticateAdmin("nobody@example.test", PASSWORD, "192.0.2.8"))).toBe("unauthorized");
  });

  it("forgets the account's failures after a success", async () => {
    const admin = await createTestAdmin({ password: PASSWORD });
    const max = getEnv().OUTGATE_LOGIN_MAX_FAILURES;
    for (let index = 0; index < max - 1; index++) expect(await outcome(authenticateAdmin(admin.email, "wrong", null))).toBe("unauthorized");
    expect(await outcome(authenticateAdmin(admin.email, PASSWORD, null))).toBe("ok");
    for (let index = 0; index < max - 1; index++) expect(await outcome(authenticateAdmin(admin.email, "wrong", null))).toBe("unauthorized");
    expect(await outcome(authenticateAdmin(admin.email, PASSWORD, null))).toBe("ok");
  });
});
