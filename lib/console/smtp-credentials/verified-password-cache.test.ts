import { beforeEach, describe, expect, it, vi } from "vitest";
import * as password from "../../platform/password";
import { forgetVerifiedPasswords, verifySmtpPassword, VERIFIED_PASSWORD_TTL_MS } from "./verified-password-cache";

vi.mock("../../platform/password", { spy: true });

describe("verifySmtpPassword", () => {
  let stored: { id: string; passwordHash: string };
  beforeEach(async () => {
    stored = { id: crypto.randomUUID(), passwordHash: await password.hashPassword("right password") };
    vi.mocked(password.verifyPassword).mockClear();
  });

  it("runs argon2 once for a right password used within the TTL of its last use, and again after a longer pause", async () => {
    const now = Date.now();
    expect(await verifySmtpPassword(stored, "right password", now)).toBe(true);
    expect(await verifySmtpPassword(stored, "right password", now + 1000)).toBe(true);
    // Each use extends it: a client that keeps sending never pays argon2 again.
    expect(await verifySmtpPassword(stored, "right password", now + VERIFIED_PASSWORD_TTL_MS + 1)).toBe(true);
    expect(password.verifyPassword).toHaveBeenCalledTimes(1);
    expect(await verifySmtpPassword(stored, "right password", now + 2 * VERIFIED_PASSWORD_TTL_MS + 2)).toBe(true);
    expect(password.verifyPassword).toHaveBeenCalledTimes(2);
  });

  it("checks every wrong password with argon2, even right after a success", async () => {
    expect(await verifySmtpPassword(stored, "right password")).toBe(true);
    for (const wrong of ["right passwor", "right password ", "Right password", ""]) expect(await verifySmtpPassword(stored, wrong)).toBe(false);
    expect(password.verifyPassword).toHaveBeenCalledTimes(5);
  });

  it("misses for another stored hash (a changed password) and after forgetting the credential", async () => {
    expect(await verifySmtpPassword(stored, "right password")).toBe(true);
    const changed = { id: stored.id, passwordHash: await password.hashPassword("new password") };
    expect(await verifySmtpPassword(changed, "right password")).toBe(false);
    forgetVerifiedPasswords(stored.id);
    expect(await verifySmtpPassword(stored, "right password")).toBe(true);
    expect(password.verifyPassword).toHaveBeenCalledTimes(3);
  });

  it("checks an unknown username against the decoy and never accepts it", async () => {
    expect(await verifySmtpPassword(null, "anything")).toBe(false);
    expect(password.verifyPassword).toHaveBeenCalledWith(null, "anything");
  });
});
