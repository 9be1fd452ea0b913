import { describe, expect, it } from "vitest";
import { showAddress, showDomainName } from "./show-domain-name";

describe("showDomainName and showAddress", () => {
  it("shows an IDN in its Unicode and its ASCII form", () => {
    expect(showDomainName("xn--bcher-kva.example")).toBe("bücher.example (xn--bcher-kva.example)");
    expect(showDomainName("smtp.xn--bcher-kva.example")).toBe("smtp.bücher.example (smtp.xn--bcher-kva.example)");
    expect(showAddress("me@xn--bcher-kva.example")).toBe("me@bücher.example (me@xn--bcher-kva.example)");
  });

  it("shows other names and addresses as they are, bidi controls made visible", () => {
    expect(showDomainName("example.com")).toBe("example.com");
    expect(showDomainName("192.0.2.1")).toBe("192.0.2.1");
    expect(showAddress("me@example.com")).toBe("me@example.com");
    expect(showAddress("\u202Eme@example.com")).toBe("⟨U+202E⟩me@example.com");
  });
});
