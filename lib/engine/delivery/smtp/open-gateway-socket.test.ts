import { afterEach, describe, expect, it } from "vitest";
import { startTestSmtpServer, type TestSmtpServer } from "@/test/smtp/start-test-smtp-server";
import { classifySmtpError } from "../classify-smtp-error";
import { closeAllTransports, getTransport } from "../transport-pool";
import type { GatewayConnection } from "../types";
import { findFreePort as closedPort } from "../../../platform/free-port";

// The sockets the pool opens: TCP_NODELAY (no delayed-ACK stall per message), and a refused connect that frees its place in the pool.

let server: TestSmtpServer | undefined;
afterEach(async () => {
  closeAllTransports();
  await server?.close();
  server = undefined;
});

function transportFor(port: number, id: string) {
  const conn: GatewayConnection = { id, address: "127.0.0.1", port, encryption: "NONE", verifyCertificate: false, auth: null };
  return getTransport(conn, "v1", { ehloName: "outgate.test", maxConnections: 1, timeouts: { connectionMs: 3000, greetingMs: 3000, socketMs: 5000 } });
}

// A few KB, like a real message: the body fills segments and the closing "." is the small write Nagle would hold.
const body = "x".repeat(76) + "\r\n";
const raw = (n: number) => Buffer.from(`Message-ID: <nd${n}@example.org>\r\nSubject: ${n}\r\n\r\n${body.repeat(40)}`);

describe("gateway sockets", () => {
  it("carries consecutive messages on one session without a delayed-ACK stall each", async () => {
    server = await startTestSmtpServer();
    const transport = transportFor(server.port, "gw-nodelay");
    const envelope = { from: "a@example.org", to: ["b@example.net"] };
    await transport.sendMail({ raw: raw(0), envelope });
    const started = Date.now();
    for (let n = 1; n <= 40; n++) await transport.sendMail({ raw: raw(n), envelope });
    // With Nagle's algorithm each message waits ≥ 40 ms for the server's delayed ACK (≥ 1,600 ms for 40).
    expect(Date.now() - started).toBeLessThan(1200);
    expect(server.sessionCount()).toBe(1);
  });

  it("fails a refused connection as a connection error and frees the pool slot every time", async () => {
    const transport = transportFor(await closedPort(), "gw-refused");
    // More attempts than the pool has connections: a leaked slot would leave the later sends hanging.
    for (let n = 0; n < 3; n++) {
      const error = await transport.sendMail({ raw: raw(n), envelope: { from: "a@example.org", to: ["b@example.net"] } }).catch((e: unknown) => e);
      expect(classifySmtpError(error).reason).toMatch(/^connection: .*ECONNREFUSED/);
    }
  });
});
