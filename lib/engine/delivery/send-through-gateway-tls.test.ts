import { afterEach, describe, expect, it } from "vitest";
import { startTestSmtpServer, type StartTestSmtpServerOptions, type TestSmtpServer } from "@/test/smtp/start-test-smtp-server";
import { createTestCertificate } from "@/test/smtp/test-certificate";
import { sendThroughGateway } from "./send-through-gateway";
import { closeAllTransports, getTransport } from "./transport-pool";
import type { GatewayConnection } from "./types";

// Encryption, certificate verification and AUTH against real in-process SMTP servers with a self-signed cert.

const servers: TestSmtpServer[] = [];
let gatewayCounter = 0;

afterEach(async () => {
  closeAllTransports();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startServer(options: StartTestSmtpServerOptions) {
  const server = await startTestSmtpServer(options);
  servers.push(server);
  return server;
}

function gatewayFor(server: TestSmtpServer, overrides: Partial<GatewayConnection>): GatewayConnection {
  gatewayCounter += 1;
  return {
    id: `gw-tls-${gatewayCounter}`,
    address: server.host,
    port: server.port,
    encryption: "NONE",
    verifyCertificate: false,
    auth: null,
    ...overrides,
  };
}

/** Sends one small message; `trustTestCa` adds the server's self-signed certificate to the trusted CAs. */
async function send(server: TestSmtpServer, conn: GatewayConnection, trustTestCa = false) {
  const transport = getTransport(conn, "v1", {
    ehloName: "outgate.test",
    ca: trustTestCa ? [server.cert] : undefined,
    timeouts: { connectionMs: 5000, greetingMs: 5000, socketMs: 5000 },
  });
  const raw = Buffer.from("From: a@example.org\r\nTo: b@example.net\r\nSubject: tls\r\n\r\nHello\r\n");
  return sendThroughGateway(transport, { raw, envelope: { from: "a@example.org", to: ["b@example.net"] } });
}

describe("sendThroughGateway encryption modes", () => {
  it("IMPLICIT_TLS delivers over TLS and verifies the certificate with the test CA", async () => {
    const server = await startServer({ tls: "implicit" });
    const result = await send(server, gatewayFor(server, { encryption: "IMPLICIT_TLS", verifyCertificate: true }), true);
    expect(result.failure).toBeNull();
    expect(result.recipients[0]).toMatchObject({ status: "delivered", code: 250 });
    expect(server.messages[0].secure).toBe(true);
  });

  it("IMPLICIT_TLS rejects an untrusted self-signed certificate → failover", async () => {
    const server = await startServer({ tls: "implicit" });
    const result = await send(server, gatewayFor(server, { encryption: "IMPLICIT_TLS", verifyCertificate: true }));
    expect(result.failure).toMatchObject({ kind: "failover" });
    expect(result.failure?.reason).toMatch(/^tls: .*self[- ]signed/i);
    expect(result.recipients[0]).toMatchObject({ status: "deferred", failover: true });
    expect(server.messages).toHaveLength(0);
  });

  it("IMPLICIT_TLS accepts the self-signed certificate when verification is off", async () => {
    const server = await startServer({ tls: "implicit" });
    const result = await send(server, gatewayFor(server, { encryption: "IMPLICIT_TLS", verifyCertificate: false }));
    expect(result.recipients[0].status).toBe("delivered");
    expect(server.messages[0].secure).toBe(true);
  });

  it("STARTTLS_REQUIRED upgrades and verifies with the test CA", async () => {
    const server = await startServer({ tls: "starttls" });
    const result = await send(server, gatewayFor(server, { encryption: "STARTTLS_REQUIRED", verifyCertificate: true }), true);
    expect(result.recipients[0].status).toBe("delivered");
    expect(server.messages[0].secure).toBe(true);
  });

  it("STARTTLS_REQUIRED fails over when the server offers no STARTTLS", async () => {
    const server = await startServer({ tls: "starttls", hideStartTls: true });
    const result = await send(server, gatewayFor(server, { encryption: "STARTTLS_REQUIRED" }));
    expect(result.failure).toMatchObject({ kind: "failover" });
    expect(result.failure?.reason).toMatch(/^tls: /);
    expect(result.recipients[0]).toMatchObject({ status: "deferred", failover: true });
    expect(server.messages).toHaveLength(0);
  });

  it("STARTTLS_REQUIRED fails over when the certificate is not trusted", async () => {
    const server = await startServer({ tls: "starttls" });
    const result = await send(server, gatewayFor(server, { encryption: "STARTTLS_REQUIRED", verifyCertificate: true }));
    expect(result.failure?.kind).toBe("failover");
    expect(result.failure?.reason).toMatch(/^tls: .*self[- ]signed/i);
    expect(server.messages).toHaveLength(0);
  });

  it("STARTTLS_OPPORTUNISTIC upgrades when STARTTLS is offered", async () => {
    const server = await startServer({ tls: "starttls" });
    const result = await send(server, gatewayFor(server, { encryption: "STARTTLS_OPPORTUNISTIC" }));
    expect(result.recipients[0].status).toBe("delivered");
    expect(server.messages[0].secure).toBe(true);
  });

  it("STARTTLS_OPPORTUNISTIC sends in clear text when STARTTLS is not offered", async () => {
    const server = await startServer({ tls: "starttls", hideStartTls: true });
    const result = await send(server, gatewayFor(server, { encryption: "STARTTLS_OPPORTUNISTIC" }));
    expect(result.recipients[0].status).toBe("delivered");
    expect(server.messages[0].secure).toBe(false);
  });

  it("NONE never upgrades, even when STARTTLS is offered", async () => {
    const server = await startServer({ tls: "starttls" });
    const result = await send(server, gatewayFor(server, { encryption: "NONE" }));
    expect(result.recipients[0].status).toBe("delivered");
    expect(server.messages[0].secure).toBe(false);
  });
});

describe("sendThroughGateway AUTH", () => {
  const credentials = { user: "relay", pass: "s3cret" };

  it("authenticates with the right credentials", async () => {
    const server = await startServer({ tls: "starttls", auth: credentials });
    const result = await send(server, gatewayFor(server, { encryption: "STARTTLS_REQUIRED", auth: credentials }));
    expect(result.recipients[0].status).toBe("delivered");
    expect(server.messages[0]).toMatchObject({ user: "relay", secure: true });
  });

  it("authenticates over implicit TLS", async () => {
    const server = await startServer({ tls: "implicit", auth: credentials });
    const result = await send(server, gatewayFor(server, { encryption: "IMPLICIT_TLS", auth: credentials }));
    expect(result.recipients[0].status).toBe("delivered");
    expect(server.messages[0].user).toBe("relay");
  });

  it("fails over on 535 for wrong credentials", async () => {
    const server = await startServer({ tls: "starttls", auth: credentials });
    const conn = gatewayFor(server, { encryption: "STARTTLS_REQUIRED", auth: { user: "relay", pass: "wrong" } });
    const result = await send(server, conn);
    expect(result.failure).toMatchObject({ kind: "failover", code: 535 });
    expect(result.failure?.reason).toMatch(/^auth: /);
    expect(result.recipients[0]).toMatchObject({ status: "deferred", code: 535, failover: true });
    expect(server.messages).toHaveLength(0);
  });

  it("fails over on 530 when the gateway needs AUTH but none is configured", async () => {
    const server = await startServer({ tls: "starttls", auth: credentials });
    const result = await send(server, gatewayFor(server, { encryption: "STARTTLS_REQUIRED" }));
    expect(result.failure).toMatchObject({ kind: "failover", code: 530 });
    expect(server.messages).toHaveLength(0);
  });
});

/**
 * RFC 6125 §6.2.1 / RFC 3207 §4.1: a gateway given as an IP address is checked against the certificate's IP entries.
 * Node checks a TLS socket made over an existing TCP socket against "localhost" unless told the host, so a trusted
 * certificate for localhost passed for any address.
 */
describe("a gateway at an IP address is checked against that address", () => {
  it.each(["STARTTLS_REQUIRED", "IMPLICIT_TLS"] as const)("%s: a trusted certificate for localhost only is refused at 127.0.0.1", async (encryption) => {
    const certificate = await createTestCertificate({ dnsNames: ["localhost"] });
    const server = await startServer({ tls: encryption === "IMPLICIT_TLS" ? "implicit" : "starttls", certificate });
    const result = await send(server, gatewayFor(server, { encryption, verifyCertificate: true }), true);
    expect(result.failure).toMatchObject({ kind: "failover" });
    expect(result.failure?.reason).toMatch(/IP: 127\.0\.0\.1 is not in the cert's list/);
    expect(server.messages).toHaveLength(0);
  });

  it.each(["STARTTLS_REQUIRED", "IMPLICIT_TLS"] as const)("%s: a trusted certificate with the IP address alone is accepted", async (encryption) => {
    const certificate = await createTestCertificate({ dnsNames: ["mail.other.example"], ipAddresses: ["127.0.0.1"] });
    const server = await startServer({ tls: encryption === "IMPLICIT_TLS" ? "implicit" : "starttls", certificate });
    const result = await send(server, gatewayFor(server, { encryption, verifyCertificate: true }), true);
    expect(result.failure).toBeNull();
    expect(server.messages).toHaveLength(1);
  });
});
