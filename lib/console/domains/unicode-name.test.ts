import { describe, expect, it } from "vitest";
import { unicodeDomainName } from "./unicode-name";

describe("unicodeDomainName", () => {
  it("decodes punycode labels for display", () => {
    expect(unicodeDomainName("xn--bcher-kva.example")).toBe("bücher.example");
    expect(unicodeDomainName("mail.xn--r8jz45g.xn--zckzah")).toBe("mail.例え.テスト");
  });

  it("returns null when the name reads the same", () => {
    expect(unicodeDomainName("example.com")).toBeNull();
  });
});
