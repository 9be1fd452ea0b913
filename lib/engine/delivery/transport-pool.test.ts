import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeAllTransports, closeTransport, getTransport } from "./transport-pool";
import type { GatewayConnection } from "./types";

const gateway: GatewayConnection = {
  id: "gw-pool",
  address: "127.0.0.1",
  port: 2525,
  encryption: "NONE",
  verifyCertificate: false,
  auth: null,
};

afterEach(() => {
  closeAllTransports();
  delete process.env.OUTGATE_EXTRA_CA_FILE;
});

describe("getTransport", () => {
  it("reuses one transport per gateway and version", () => {
    const first = getTransport(gateway, "v1");
    expect(getTransport(gateway, "v1")).toBe(first);
    expect(getTransport({ ...gateway, id: "gw-other" }, "v1")).not.toBe(first);
  });

  it("replaces the transport when the gateway was edited", () => {
    const first = getTransport(gateway, "v1");
    const second = getTransport({ ...gateway, port: 2526 }, "v2");
    expect(second).not.toBe(first);
    expect(getTransport(gateway, "v2")).toBe(second);
  });

  it("gives a fresh transport after closing", () => {
    const first = getTransport(gateway, "v1");
    closeTransport(gateway.id);
    expect(getTransport(gateway, "v1")).not.toBe(first);
    closeAllTransports();
    expect(getTransport(gateway, "v1")).not.toBe(first);
  });

  it("trusts the CA file named by OUTGATE_EXTRA_CA_FILE", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "outgate-ca-")), "ca.pem");
    fs.writeFileSync(file, "-----BEGIN CERTIFICATE-----\nTEST\n-----END CERTIFICATE-----\n");
    process.env.OUTGATE_EXTRA_CA_FILE = file;
    const transport = getTransport(gateway, "with-ca");
    const ca = (transport.options as { tls?: { ca?: string[] } }).tls?.ca;
    expect(ca?.at(-1)).toContain("TEST");
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
