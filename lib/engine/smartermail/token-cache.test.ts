import { beforeEach, describe, expect, it, vi } from "vitest";
import { buildTokenCacheKey, clearSmarterMailTokenCache, computeReuseUntil, forgetToken, getToken } from "./token-cache";

const NOW = Date.parse("2025-06-01T12:00:00Z");
const MINUTE = 60_000;

describe("computeReuseUntil", () => {
  it.each([
    ["15 min token: renew 60 s before expiry", new Date(NOW + 15 * MINUTE).toISOString(), NOW + 14 * MINUTE],
    ["1 min token: keep half its life", new Date(NOW + MINUTE).toISOString(), NOW + MINUTE / 2],
    ["missing expiration: short fallback", undefined, NOW + 5 * MINUTE],
    ["garbage: short fallback", "soon", NOW + 5 * MINUTE],
    ["already past (clock skew): short fallback", new Date(NOW - MINUTE).toISOString(), NOW + 5 * MINUTE],
    ["implausibly far: short fallback", new Date(NOW + 48 * 60 * MINUTE).toISOString(), NOW + 5 * MINUTE],
  ])("%s", (_label, expiration, expected) => {
    expect(computeReuseUntil(expiration, NOW)).toBe(expected);
  });
});

describe("getToken", () => {
  beforeEach(() => clearSmarterMailTokenCache());
  const token = (name: string) => ({ accessToken: name, reuseUntil: Date.now() + MINUTE });

  it("keys on a hash of the password, never the password itself", () => {
    const key = buildTokenCacheKey("https://h/", "Admin", "hunter2");
    expect(key).not.toContain("hunter2");
    expect(key).toBe(buildTokenCacheKey("https://h/", "admin", "hunter2"));
    expect(key).not.toBe(buildTokenCacheKey("https://h/", "admin", "other"));
  });

  it("does not cache a failed login", async () => {
    const login = vi.fn().mockRejectedValueOnce(new Error("down")).mockResolvedValueOnce(token("t1"));

    await expect(getToken("k", login)).rejects.toThrow("down");
    await expect(getToken("k", login)).resolves.toMatchObject({ accessToken: "t1" });
    expect(login).toHaveBeenCalledTimes(2);
  });

  it("forgets only the token it was told about", async () => {
    await getToken("k", async () => token("t1"));
    forgetToken("k", "stale");
    const login = vi.fn(async () => token("t2"));

    await expect(getToken("k", login)).resolves.toMatchObject({ accessToken: "t1" });
    forgetToken("k", "t1");
    await expect(getToken("k", login)).resolves.toMatchObject({ accessToken: "t2" });
  });
});
