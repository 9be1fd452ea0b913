import { describe, expect, it } from "vitest";
import { formatHostPort, normaliseServerAddress, toAsciiHostname } from "./hostname";

describe("toAsciiHostname", () => {
  it.each([
    ["Example.COM", "example.com"],
    ["mail.example.com.", "mail.example.com"],
    ["bücher.example", "xn--bcher-kva.example"],
    ["例え.テスト", "xn--r8jz45g.xn--zckzah"],
    ["smarthost", "smarthost"],
  ])("accepts %s as %s", (input, expected) => {
    expect(toAsciiHostname(input)).toBe(expected);
  });

  it.each(["", "-bad.example", "bad-.example", "a..b", "exa mple.com", "x".repeat(64) + ".com", "user@example.com", "example.com/path", "example.123", "under_score.example"])(
    "rejects %j",
    (input) => {
      expect(toAsciiHostname(input)).toBeNull();
    },
  );

  it("requires a dot when asked (domain names)", () => {
    expect(toAsciiHostname("localhost", { requireDot: true })).toBeNull();
    expect(toAsciiHostname("example.org", { requireDot: true })).toBe("example.org");
  });

  it("gives the same answer when asked again, with or without requireDot, whatever was asked before", () => {
    // Answers are remembered: one asked with requireDot must not answer the same text asked without, or the reverse.
    for (let round = 0; round < 2; round++) {
      expect(toAsciiHostname("relay", { requireDot: true })).toBeNull();
      expect(toAsciiHostname("relay")).toBe("relay");
      expect(toAsciiHostname("Bücher.Example")).toBe("xn--bcher-kva.example");
      expect(toAsciiHostname("-bad.example")).toBeNull();
    }
    // More names than are remembered: every one still answered right.
    for (let n = 0; n < 10_050; n++) expect(toAsciiHostname(`host${n}.example`)).toBe(`host${n}.example`);
    expect(toAsciiHostname(`${"a".repeat(400)}.example`)).toBeNull();
  });
});

describe("normaliseServerAddress", () => {
  it.each([
    ["192.0.2.10", "192.0.2.10"],
    ["2001:DB8::1", "2001:db8::1"],
    ["[::1]", "::1"],
    ["Relay.Example.net", "relay.example.net"],
  ])("accepts %s", (input, expected) => {
    expect(normaliseServerAddress(input)).toBe(expected);
  });

  it.each(["999.1.1.1.1", "1.2.3", "2001:db8:::1", "http://relay.example.net", "relay example"])("rejects %s", (input) => {
    expect(normaliseServerAddress(input)).toBeNull();
  });
});

describe("formatHostPort", () => {
  it.each([
    ["relay.example.net", 587, "relay.example.net:587"],
    ["192.0.2.10", 25, "192.0.2.10:25"],
    ["2001:db8::1", 2525, "[2001:db8::1]:2525"],
  ])("writes %s and %i as %s", (address, port, expected) => {
    expect(formatHostPort(address, port)).toBe(expected);
  });
});
