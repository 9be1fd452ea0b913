import { describe, expect, it } from "vitest";
import { normalizeBaseUrl } from "./normalize-base-url";

describe("normalizeBaseUrl", () => {
  it.each([
    ["https://mail.example.com", "https://mail.example.com/"],
    ["https://mail.example.com/smartermail", "https://mail.example.com/smartermail/"],
    ["https://mail.example.com/smartermail/", "https://mail.example.com/smartermail/"],
    [" http://10.0.0.5:9998/?x=1#top ", "http://10.0.0.5:9998/"],
    ["https://user:pw@mail.example.com/sm", "https://mail.example.com/sm/"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeBaseUrl(input).href).toBe(expected);
  });

  it.each(["mail.example.com", "ftp://mail.example.com", ""])("rejects %j as invalid URL", (input) => {
    expect(() => normalizeBaseUrl(input)).toThrow("invalid URL");
  });

  it("resolves API paths under the prefix", () => {
    const base = normalizeBaseUrl("https://h/smartermail");
    expect(new URL("api/v1/auth/authenticate-user", base).pathname).toBe("/smartermail/api/v1/auth/authenticate-user");
  });
});
