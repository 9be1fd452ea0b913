import tls from "node:tls";
import { describe, expect, it } from "vitest";
import { DEFAULT_SESSION_SETTINGS } from "./smtp/session-settings";
import { toSessionOptions } from "./transport-options";
import type { GatewayConnection } from "./types";

const gateway: GatewayConnection = {
  id: "gw-1",
  address: "smtp.example.net",
  port: 587,
  encryption: "STARTTLS_REQUIRED",
  verifyCertificate: true,
  auth: { user: "relay", pass: "secret" },
};
const settings = { ehloName: "outgate.example.org" };

describe("toSessionOptions", () => {
  it("takes host, port, encryption, credentials, EHLO name and the gateway's session settings", () => {
    const session = { ...DEFAULT_SESSION_SETTINGS, authMechanism: "CRAM_MD5" as const, maxConnections: 3, messagesPerConnection: 7, recipientsPerTransaction: 50 };
    expect(toSessionOptions({ ...gateway, session }, settings)).toMatchObject({
      host: "smtp.example.net",
      port: 587,
      encryption: "STARTTLS_REQUIRED",
      auth: { user: "relay", pass: "secret" },
      authMechanism: "CRAM_MD5",
      ehloName: "outgate.example.org",
      maxConnections: 3,
      messagesPerConnection: 7,
      recipientsPerTransaction: 50,
    });
  });

  it("lets OUTGATE_GATEWAY_CONNECTIONS replace the default, never a gateway's own setting", () => {
    expect(toSessionOptions(gateway, settings)).toMatchObject({ maxConnections: 10, messagesPerConnection: 100 });
    expect(toSessionOptions(gateway, { ...settings, maxConnections: 2, maxMessages: 10 })).toMatchObject({ maxConnections: 2, messagesPerConnection: 10 });
    const own = { ...DEFAULT_SESSION_SETTINGS, maxConnections: 4 };
    expect(toSessionOptions({ ...gateway, session: own }, { ...settings, maxConnections: 2 }).maxConnections).toBe(4);
  });

  it("applies process-wide timeout overrides over the gateway's stages (tests shorten them)", () => {
    const options = toSessionOptions(gateway, { ...settings, timeouts: { connectionMs: 1000, greetingMs: 1500, socketMs: 5000 } });
    expect(options.timeouts).toEqual({ connectMs: 1000, greetingMs: 1500, mailMs: 5000, rcptMs: 5000, dataInitMs: 5000, dataBlockMs: 5000, dataTermMs: 5000 });
    expect(toSessionOptions(gateway, { ...settings, timeouts: { dataTermMs: 42 } }).timeouts).toMatchObject({ mailMs: 300_000, dataTermMs: 42 });
  });

  it("verifies certificates as configured, with SNI for host names only and an address checked as that address", () => {
    expect(toSessionOptions(gateway, settings).tls).toEqual({ rejectUnauthorized: true, servername: "smtp.example.net" });
    expect(toSessionOptions({ ...gateway, verifyCertificate: false, address: "192.0.2.10" }, settings).tls).toEqual({ rejectUnauthorized: false, host: "192.0.2.10" });
    expect(toSessionOptions({ ...gateway, address: "2001:db8::1" }, settings).tls).not.toHaveProperty("servername");
    expect(toSessionOptions({ ...gateway, address: "[2001:db8::1]" }, settings).tls).toMatchObject({ host: "2001:db8::1" });
  });

  it("adds extra CAs on top of the public roots", () => {
    const ca = toSessionOptions(gateway, { ...settings, ca: ["PEM"] }).tls.ca as string[];
    expect(ca.at(-1)).toBe("PEM");
    expect(ca.length).toBe(tls.rootCertificates.length + 1);
  });
});
