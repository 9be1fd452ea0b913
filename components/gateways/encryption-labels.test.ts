import { describe, expect, it } from "vitest";
import { proposedPort } from "./encryption-labels";

describe("proposedPort", () => {
  it("follows the encryption while the port is empty or a default one, and keeps a custom port", () => {
    expect(proposedPort("", "IMPLICIT_TLS")).toBe(465);
    expect(proposedPort(25, "STARTTLS_REQUIRED")).toBe(587);
    expect(proposedPort("465", "STARTTLS_OPPORTUNISTIC")).toBe(25);
    expect(proposedPort("587", "NONE")).toBe(25);
    expect(proposedPort("2525", "IMPLICIT_TLS")).toBe("2525");
  });
});
