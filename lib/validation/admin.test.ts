import { describe, expect, it } from "vitest";
import { adminInputSchema, setupInputSchema } from "./admin";

function passwordErrors(password: string): string[] {
  const parsed = adminInputSchema.safeParse({ email: "a@example.test", password, confirmPassword: password });
  return parsed.success ? [] : parsed.error.issues.filter((issue) => issue.path[0] === "password").map((issue) => issue.message);
}

describe("admin password rules", () => {
  it.each(["password1234", "aaaaaaaaaaaa", "qwertyuiop123", "outgateadmin1"])("refuse %s, long enough but easy to guess, with zxcvbn's feedback", (password) => {
    const [message, ...rest] = passwordErrors(password);
    expect(rest).toEqual([]);
    expect(message).toMatch(/^This password is too easy to guess \((very weak|weak|fair)\)\. \S/);
  });

  it("say what is wrong with a common password", () => {
    expect(passwordErrors("password1234")[0]).toContain("similar to a commonly used password");
  });

  it("accept a long, uncommon passphrase and keep the length rules", () => {
    expect(passwordErrors("correct horse battery")).toEqual([]);
    expect(passwordErrors("short")).toEqual(["Use at least 12 characters."]);
    expect(passwordErrors("x".repeat(1025))).toEqual(["Use at most 1024 characters."]);
  });

  it("apply to first-run setup too", () => {
    const parsed = setupInputSchema.safeParse({ token: "t", email: "a@example.test", password: "password1234", confirmPassword: "password1234" });
    expect(parsed.success).toBe(false);
  });
});
