import { describe, expect, it } from "vitest";
import { GatewayAuthMechanism, GatewayEncryption, GatewayType } from "../generated/prisma/enums";
import { fieldErrorsFromZod } from "../platform/errors";
import { GATEWAY_AUTH_MECHANISMS, GATEWAY_ENCRYPTIONS, GATEWAY_TIMEOUT_FIELDS, GATEWAY_TYPES, gatewayInputSchema, missingSecretErrors, NO_STORED_SECRETS, type GatewayInput } from "./gateway";

const VALID: GatewayInput = {
  description: "Primary relay",
  address: "smtp.example.com",
  port: 25,
  encryption: "STARTTLS_OPPORTUNISTIC",
  enabled: "true",
  type: "ROUND_ROBIN",
};

function fieldErrors(input: Partial<GatewayInput>) {
  const result = gatewayInputSchema.safeParse({ ...VALID, ...input });
  return result.success ? {} : fieldErrorsFromZod(result.error);
}

describe("gatewayInputSchema", () => {
  it("mirrors the Prisma enums", () => {
    expect([...GATEWAY_ENCRYPTIONS]).toEqual(Object.values(GatewayEncryption));
    expect([...GATEWAY_TYPES]).toEqual(Object.values(GatewayType));
    expect([...GATEWAY_AUTH_MECHANISMS]).toEqual(Object.values(GatewayAuthMechanism));
  });

  it("fills defaults and normalises the address, port and status", () => {
    const values = gatewayInputSchema.parse({ ...VALID, address: " Bücher.Example ", port: "587", enabled: "false" });
    expect(values).toMatchObject({ address: "xn--bcher-kva.example", port: 587, enabled: false, verifyCertificate: true, authEnabled: false, authUsername: "" });
  });

  it.each([["192.0.2.1", "192.0.2.1"], ["2001:DB8::1", "2001:db8::1"], ["[2001:db8::2]", "2001:db8::2"], ["relay", "relay"]])("accepts the address %s", (address, stored) => {
    expect(gatewayInputSchema.parse({ ...VALID, address }).address).toBe(stored);
  });

  it.each(["", "not a host", "smtp.example.com:25", "http://smtp.example.com", "999.1.1.1.1"])("rejects the address %j", (address) => {
    expect(fieldErrors({ address }).address).toEqual([expect.stringContaining("Enter an IP address or a hostname")]);
  });

  it.each([0, 70000, -1, 2.5, "", "abc"])("rejects the port %j", (port) => {
    expect(fieldErrors({ port }).port).toEqual(["Enter a port number between 1 and 65535."]);
  });

  it.each([1, 25, 2525, 65535])("accepts any port in range (%i)", (port) => {
    expect(fieldErrors({ port })).toEqual({});
  });

  it("requires a description of at most 100 characters", () => {
    expect(fieldErrors({ description: "  " }).description).toEqual(["Enter a description."]);
    expect(fieldErrors({ description: "x".repeat(101) }).description).toEqual(["Use at most 100 characters."]);
  });

  it("requires the auth username when authentication is on, with every other message at once", () => {
    const errors = fieldErrors({ address: "bad host", authEnabled: true, authUsername: " " });
    expect(Object.keys(errors).sort()).toEqual(["address", "authUsername"]);
  });

  it("checks the SmarterMail fields only when the mode is on", () => {
    expect(fieldErrors({ smartermailEnabled: false, smartermailUrl: "ftp://x" })).toEqual({});
    expect(Object.keys(fieldErrors({ smartermailEnabled: true })).sort()).toEqual(["smartermailUrl", "smartermailUsername"]);
    for (const smartermailUrl of ["ftp://mail.example.com", "not a url", "mailto:x@example.com"]) {
      expect(fieldErrors({ smartermailEnabled: true, smartermailUrl, smartermailUsername: "u" }).smartermailUrl).toEqual([expect.stringContaining("http:// or https://")]);
    }
    expect(fieldErrors({ smartermailEnabled: true, smartermailUrl: "https://mail.example.com/smartermail/", smartermailUsername: "u" })).toEqual({});
  });

  it("rejects unknown encryption and type values", () => {
    expect(Object.keys(fieldErrors({ encryption: "TLS" as never, type: "ANY" as never })).sort()).toEqual(["encryption", "type"]);
  });
});

describe("gatewayInputSchema session settings", () => {
  it("are optional: absent keeps what is stored (or the column default)", () => {
    const values = gatewayInputSchema.parse(VALID);
    expect(values.authMechanism).toBeUndefined();
    expect(values.dataTermTimeoutSeconds).toBeUndefined();
  });

  it("read the form's strings as whole numbers", () => {
    const values = gatewayInputSchema.parse({ ...VALID, authMechanism: "CRAM_MD5", greetingTimeoutSeconds: "20", maxConnections: "3", recipientsPerTransaction: 50 });
    expect(values).toMatchObject({ authMechanism: "CRAM_MD5", greetingTimeoutSeconds: 20, maxConnections: 3, recipientsPerTransaction: 50 });
  });

  it("allow timeouts shorter than the RFC's minimums (the form warns instead), down to 1 s and up to an hour", () => {
    for (const field of GATEWAY_TIMEOUT_FIELDS) {
      expect(fieldErrors({ [field]: 1 })).toEqual({});
      expect(fieldErrors({ [field]: 3600 })).toEqual({});
      expect(fieldErrors({ [field]: 3601 })[field]).toEqual(["Enter a whole number of seconds between 1 and 3,600."]);
    }
  });

  it.each([
    ["greetingTimeoutSeconds", 0, "Enter a whole number of seconds between 1 and 3,600."],
    ["dataTermTimeoutSeconds", "", "Enter a whole number of seconds between 1 and 3,600."],
    ["mailTimeoutSeconds", 2.5, "Enter a whole number of seconds between 1 and 3,600."],
    ["connectTimeoutSeconds", "soon", "Enter a whole number of seconds between 1 and 3,600."],
    ["maxConnections", 101, "Enter a whole number of connections between 1 and 100."],
    ["maxConnections", 0, "Enter a whole number of connections between 1 and 100."],
    ["messagesPerConnection", 10_001, "Enter a whole number of messages between 1 and 10,000."],
    ["recipientsPerTransaction", 1001, "Enter a whole number of recipients between 1 and 1,000."],
    ["authMechanism", "DIGEST_MD5", "Choose Auto, PLAIN, LOGIN or CRAM-MD5."],
  ])("gives %s = %j a message of its own", (field, value, message) => {
    expect(fieldErrors({ address: "bad host", [field]: value })).toEqual({ address: [expect.any(String)], [field]: [message] });
  });
});

describe("missingSecretErrors", () => {
  it("requires a password for an enabled feature unless one is stored", () => {
    const input = { authEnabled: true, authPassword: "", smartermailEnabled: true, smartermailPassword: "" };
    expect(Object.keys(missingSecretErrors(input, NO_STORED_SECRETS)).sort()).toEqual(["authPassword", "smartermailPassword"]);
    const stored = { authPasswordFor: { address: "relay.example", port: 25, username: "u" }, smartermailPasswordFor: { url: "http://sm.example/", username: "s" } };
    const same = { ...input, address: "relay.example", port: 25, authUsername: "u", smartermailUrl: "http://sm.example", smartermailUsername: "s" };
    expect(missingSecretErrors(same, stored)).toEqual({});
    expect(missingSecretErrors({ authEnabled: false, smartermailEnabled: false }, NO_STORED_SECRETS)).toEqual({});
  });
});
