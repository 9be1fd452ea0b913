import { describe, expect, it } from "vitest";
import { domainInputSchema } from "./domain";

const GATEWAY_ID = "3f1c2b9e-7d4a-4c1e-9b2a-5e6f7a8b9c0d";

describe("domainInputSchema", () => {
  it.each([
    ["example.com", "example.com"],
    ["  Mail.Example.COM  ", "mail.example.com"],
    ["Bücher.Example", "xn--bcher-kva.example"],
    ["xn--bcher-kva.example", "xn--bcher-kva.example"],
    ["example.org.", "example.org"],
  ])("stores %j as %j", (name, expected) => {
    expect(domainInputSchema.parse({ name, gatewayId: "" }).name).toBe(expected);
  });

  it.each(["", "   ", "-bad.com", "bad-.com", "no_underscore.com", "localhost", "a..b.com", "x.y/z", "user@example.com", "example.123", `${"x".repeat(64)}.com`])(
    "refuses the name %j with a message on name",
    (name) => {
      const result = domainInputSchema.safeParse({ name, gatewayId: "" });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["name"]);
    },
  );

  it.each([
    ["", null],
    [null, null],
    [undefined, null],
    [GATEWAY_ID, GATEWAY_ID],
  ])("reads gatewayId %j as %j (empty = round robin)", (gatewayId, expected) => {
    expect(domainInputSchema.parse({ name: "example.com", gatewayId }).gatewayId).toBe(expected);
  });

  it("refuses a gatewayId that is not an id", () => {
    const result = domainInputSchema.safeParse({ name: "example.com", gatewayId: "round-robin" });
    expect(result.error?.issues).toMatchObject([{ path: ["gatewayId"], message: "Choose an outbound gateway from the list." }]);
  });
});
