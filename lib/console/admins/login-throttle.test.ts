import { beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../../../test/db";
import { getEnv } from "../../platform/env";
import { PENDING_TTL_MS } from "../throttle/failed-attempt-throttle";
import { recordLoginFailure, recordLoginSuccess, reserveLoginAttempt } from "./login-throttle";

const KEYS = { email: "throttled@example.test", ip: "192.0.2.44" };

async function failAt(now: Date): Promise<boolean> {
  const attempt = await reserveLoginAttempt(KEYS, now);
  if (attempt.allowed) await recordLoginFailure(KEYS, now);
  return attempt.allowed;
}

describe("login throttle", () => {
  beforeEach(resetDatabase);

  it("locks at the ceiling for the lock period, then starts a fresh window", async () => {
    const { OUTGATE_LOGIN_MAX_FAILURES: max, OUTGATE_LOGIN_LOCK_SECONDS: lockSeconds } = getEnv();
    const start = new Date("2026-12-01T10:00:00Z");
    for (let index = 0; index < max; index++) expect(await failAt(new Date(start.getTime() + index * 1000))).toBe(true);
    const locked = await reserveLoginAttempt(KEYS, new Date(start.getTime() + max * 1000));
    expect(locked).toEqual({ allowed: false, busy: false, retryAfterSeconds: lockSeconds - 1 });

    const afterLock = new Date(start.getTime() + (max - 1) * 1000 + lockSeconds * 1000 + 1);
    expect(await reserveLoginAttempt(KEYS, afterLock)).toEqual({ allowed: true });
    await recordLoginSuccess(KEYS, afterLock);
    expect(await reserveLoginAttempt(KEYS, afterLock)).toEqual({ allowed: true });
  });

  it("forgets failures older than the window", async () => {
    const { OUTGATE_LOGIN_MAX_FAILURES: max, OUTGATE_LOGIN_LOCK_SECONDS: lockSeconds } = getEnv();
    const start = new Date("2026-12-01T10:00:00Z");
    for (let index = 0; index < max - 1; index++) expect(await failAt(start)).toBe(true);
    const later = new Date(start.getTime() + lockSeconds * 1000 + 1000);
    for (let index = 0; index < max - 1; index++) expect(await failAt(later)).toBe(true);
    expect(await reserveLoginAttempt(KEYS, later)).toEqual({ allowed: true });
  });

  it("does not count a refused attempt: the count stays at the ceiling while attempts are refused", async () => {
    const { OUTGATE_LOGIN_MAX_FAILURES: max } = getEnv();
    const now = new Date("2026-12-01T10:00:00Z");
    // max attempts reserved and still being checked; the next ones are refused without a lock yet.
    for (let index = 0; index < max; index++) expect((await reserveLoginAttempt(KEYS, now)).allowed).toBe(true);
    for (let index = 0; index < 3; index++) expect(await reserveLoginAttempt(KEYS, now)).toEqual({ allowed: false, busy: true, retryAfterSeconds: 1 });
    // One of the checked attempts succeeds: the account's count is cleared, a new attempt may go on.
    await recordLoginSuccess(KEYS, now);
    expect((await reserveLoginAttempt(KEYS, now)).allowed).toBe(true);
  });

  it("locks on failures only: attempts being checked do not make one failure lock the account", async () => {
    const { OUTGATE_LOGIN_MAX_FAILURES: max } = getEnv();
    const now = new Date("2026-12-01T10:00:00Z");
    // max - 1 attempts still being checked (say, with the right password), and one that fails.
    for (let index = 0; index < max; index++) expect((await reserveLoginAttempt(KEYS, now)).allowed).toBe(true);
    await recordLoginFailure(KEYS, now);
    for (let index = 0; index < max - 1; index++) await recordLoginSuccess(KEYS, now);
    expect(await reserveLoginAttempt(KEYS, now)).toEqual({ allowed: true });
  });

  it("stops counting a reservation nobody settled (a process killed mid-check) after PENDING_TTL_MS", async () => {
    const { OUTGATE_LOGIN_MAX_FAILURES: max } = getEnv();
    const now = new Date("2026-12-01T10:00:00Z");
    for (let index = 0; index < max; index++) expect((await reserveLoginAttempt(KEYS, now)).allowed).toBe(true);
    expect(await reserveLoginAttempt(KEYS, new Date(now.getTime() + PENDING_TTL_MS - 1))).toMatchObject({ allowed: false, busy: true });
    expect(await reserveLoginAttempt(KEYS, new Date(now.getTime() + PENDING_TTL_MS + 1))).toEqual({ allowed: true });
  });
});
