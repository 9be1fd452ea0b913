import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "./secret-box";

describe("secret box", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = encryptSecret("hunter2-päss");
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain("hunter2");
    expect(decryptSecret(sealed)).toBe("hunter2-päss");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same")).not.toBe(encryptSecret("same"));
  });

  it("rejects tampered ciphertext", () => {
    const sealed = encryptSecret("secret");
    const bytes = Buffer.from(sealed.slice(3), "base64");
    bytes[bytes.length - 1] ^= 1;
    expect(() => decryptSecret(`v1:${bytes.toString("base64")}`)).toThrow();
  });
});
