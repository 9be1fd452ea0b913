import tls from "node:tls";
import { describe, expect, it } from "vitest";
import { toTransportOptions } from "./transport-options";
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

describe("toTransportOptions", () => {
  it.each([
    ["NONE", { secure: false, ignoreTLS: true }],
    ["STARTTLS_OPPORTUNISTIC", { secure: false, opportunisticTLS: true }],
    ["STARTTLS_REQUIRED", { secure: false, requireTLS: true }],
    ["IMPLICIT_TLS", { secure: true }],
  ] as const)("maps %s", (encryption, expected) => {
    const options = toTransportOptions({ ...gateway, encryption }, settings);
    expect(options).toMatchObject(expected);
    // Exactly one TLS policy flag is set per mode.
    const flags = (["ignoreTLS", "opportunisticTLS", "requireTLS"] as const).filter((flag) => options[flag]);
    expect(flags).toEqual(Object.keys(expected).filter((key) => key !== "secure"));
  });

  it("pools connections with host, port, EHLO name and limits", () => {
    expect(toTransportOptions(gateway, settings)).toMatchObject({
      pool: true,
      host: "smtp.example.net",
      port: 587,
      name: "outgate.example.org",
      maxConnections: 10,
      maxMessages: 100,
      maxRequeues: 1,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    expect(toTransportOptions(gateway, { ...settings, maxConnections: 2, maxMessages: 10 })).toMatchObject({
      maxConnections: 2,
      maxMessages: 10,
    });
  });

  it("uses short default timeouts and accepts overrides", () => {
    expect(toTransportOptions(gateway, settings)).toMatchObject({
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
    expect(toTransportOptions(gateway, { ...settings, timeouts: { connectionMs: 1000 } })).toMatchObject({
      connectionTimeout: 1000,
      greetingTimeout: 15_000,
    });
  });

  it("verifies certificates as configured, with SNI for host names only", () => {
    expect(toTransportOptions(gateway, settings).tls).toEqual({
      rejectUnauthorized: true,
      servername: "smtp.example.net",
    });
    expect(toTransportOptions({ ...gateway, verifyCertificate: false, address: "192.0.2.10" }, settings).tls).toEqual({
      rejectUnauthorized: false,
    });
    expect(toTransportOptions({ ...gateway, address: "2001:db8::1" }, settings).tls).not.toHaveProperty("servername");
  });

  it("adds extra CAs on top of the public roots", () => {
    const ca = toTransportOptions(gateway, { ...settings, ca: ["PEM"] }).tls?.ca as string[];
    expect(ca.at(-1)).toBe("PEM");
    expect(ca.length).toBe(tls.rootCertificates.length + 1);
  });

  it("passes credentials without forcing a SASL mechanism", () => {
    expect(toTransportOptions(gateway, settings).auth).toEqual({ user: "relay", pass: "secret" });
    expect(toTransportOptions({ ...gateway, auth: null }, settings)).not.toHaveProperty("auth");
  });
});
