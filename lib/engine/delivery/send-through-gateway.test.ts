import { afterEach, describe, expect, it } from "vitest";
import { startTestSmtpServer, type StartTestSmtpServerOptions, type TestSmtpServer } from "@/test/smtp/start-test-smtp-server";
import { sendThroughGateway } from "./send-through-gateway";
import { closeAllTransports, getTransport } from "./transport-pool";
import type { GatewayConnection } from "./types";
import { findFreePort as closedPort } from "../../platform/free-port";

// Envelope, per-recipient replies, session refusals and pooling against real in-process SMTP servers.

const servers: TestSmtpServer[] = [];
let gatewayCounter = 0;

afterEach(async () => {
  closeAllTransports();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startServer(options: StartTestSmtpServerOptions = {}) {
  const server = await startTestSmtpServer(options);
  servers.push(server);
  return server;
}

function transportFor(port: number, maxConnections?: number) {
  gatewayCounter += 1;
  const conn: GatewayConnection = {
    id: `gw-send-${gatewayCounter}`,
    address: "127.0.0.1",
    port,
    encryption: "NONE",
    verifyCertificate: false,
    auth: null,
  };
  return getTransport(conn, "v1", {
    ehloName: "outgate.test",
    maxConnections,
    timeouts: { connectionMs: 3000, greetingMs: 3000, socketMs: 5000 },
  });
}

function rawMessage(id: string) {
  return Buffer.from(
    `From: sender@example.org\r\nTo: rcpt@example.net\r\nMessage-ID: <${id}@example.org>\r\nSubject: test ${id}\r\n\r\nBody ${id}\r\n`,
  );
}

describe("sendThroughGateway", () => {
  it("delivers the raw bytes unchanged with the given envelope", async () => {
    const server = await startServer();
    const raw = rawMessage("m1");
    const result = await sendThroughGateway(transportFor(server.port), {
      raw,
      envelope: { from: "bounce@example.org", to: ["a@example.net", "b@example.net"] },
    });
    expect(result.failure).toBeNull();
    expect(result.response).toMatch(/^250 /);
    expect(result.recipients).toEqual([
      { recipient: "a@example.net", status: "delivered", code: 250, response: result.response, failover: false },
      { recipient: "b@example.net", status: "delivered", code: 250, response: result.response, failover: false },
    ]);
    expect(server.messages).toHaveLength(1);
    expect(server.messages[0]).toMatchObject({
      from: "bounce@example.org",
      to: ["a@example.net", "b@example.net"],
      messageId: "<m1@example.org>",
    });
    expect(server.messages[0].raw.equals(raw)).toBe(true);
  });

  it("dot-stuffs lines that start with a dot and adds nothing, so the gateway receives the stored bytes (RFC 5321 §4.5.2)", async () => {
    const server = await startServer();
    // No Message-ID: a composer would invent one; the stored bytes must go out as they are.
    const raw = Buffer.from("From: a@example.org\r\nSubject: dots\r\n\r\n.\r\n..leading\r\n.\r\nend\r\n");
    const result = await sendThroughGateway(transportFor(server.port), { raw, envelope: { from: "a@example.org", to: ["b@example.net"] } });
    expect(result.failure).toBeNull();
    expect(server.messages[0].raw.toString()).toBe(raw.toString());
  });

  it("sends with the null sender MAIL FROM:<>", async () => {
    const server = await startServer();
    const result = await sendThroughGateway(transportFor(server.port), {
      raw: rawMessage("dsn"),
      envelope: { from: "", to: ["sender@example.org"] },
    });
    expect(result.recipients[0].status).toBe("delivered");
    expect(server.messages[0].from).toBe("");
  });

  it("reports partial acceptance per recipient: 250, 450 → retry, 550 → permanent", async () => {
    const server = await startServer({
      rejectRecipient: (address) => {
        if (address.startsWith("busy@")) return { code: 450, message: "4.2.1 Mailbox busy" };
        if (address.startsWith("gone@")) return { code: 550, message: "5.1.1 No such user" };
        return null;
      },
    });
    const result = await sendThroughGateway(transportFor(server.port), {
      raw: rawMessage("partial"),
      envelope: { from: "s@example.org", to: ["ok@example.net", "busy@example.net", "gone@example.net"] },
    });
    expect(result.failure).toBeNull();
    expect(result.recipients).toEqual([
      expect.objectContaining({ recipient: "ok@example.net", status: "delivered", code: 250 }),
      { recipient: "busy@example.net", status: "deferred", code: 450, response: "450 4.2.1 Mailbox busy", failover: false },
      { recipient: "gone@example.net", status: "failed", code: 550, response: "550 5.1.1 No such user", failover: false },
    ]);
    expect(server.messages[0].to).toEqual(["ok@example.net"]);
  });

  it("keeps per-recipient answers when every recipient is refused", async () => {
    const server = await startServer({
      rejectRecipient: (address) =>
        address.startsWith("busy@") ? { code: 451, message: "4.7.1 Greylisted" } : { code: 550, message: "5.1.1 Unknown" },
    });
    const result = await sendThroughGateway(transportFor(server.port), {
      raw: rawMessage("none"),
      envelope: { from: "s@example.org", to: ["busy@example.net", "gone@example.net"] },
    });
    expect(result.failure).toBeNull();
    expect(result.recipients.map((r) => [r.status, r.code])).toEqual([
      ["deferred", 451],
      ["failed", 550],
    ]);
    expect(server.messages).toHaveLength(0);
  });

  it("applies a refused DATA to all recipients: 554 → permanent, 451 → retry", async () => {
    const server = await startServer({ rejectMessage: () => ({ code: 554, message: "5.7.1 Spam detected" }) });
    const transport = transportFor(server.port);
    const envelope = { from: "s@example.org", to: ["a@example.net", "b@example.net"] };
    const rejected = await sendThroughGateway(transport, { raw: rawMessage("spam"), envelope });
    expect(rejected.failure).toMatchObject({ kind: "permanent", code: 554 });
    expect(rejected.recipients.map((r) => r.status)).toEqual(["failed", "failed"]);

    server.setBehaviour({ rejectMessage: () => ({ code: 451, message: "4.3.0 Try later" }) });
    const deferred = await sendThroughGateway(transport, { raw: rawMessage("later"), envelope });
    expect(deferred.failure).toMatchObject({ kind: "retry", code: 451 });
    expect(deferred.recipients.map((r) => [r.status, r.failover])).toEqual([
      ["deferred", false],
      ["deferred", false],
    ]);
  });

  it("fails over when the port is closed", async () => {
    const result = await sendThroughGateway(transportFor(await closedPort()), {
      raw: rawMessage("refused"),
      envelope: { from: "s@example.org", to: ["a@example.net"] },
    });
    expect(result.failure?.kind).toBe("failover");
    expect(result.failure?.reason).toMatch(/^connection: .*ECONNREFUSED/);
    expect(result.recipients[0]).toMatchObject({ status: "deferred", failover: true });
  });

  it("fails over when the server greets with 421", async () => {
    const server = await startServer({ greeting421: true });
    const result = await sendThroughGateway(transportFor(server.port), {
      raw: rawMessage("busy"),
      envelope: { from: "s@example.org", to: ["a@example.net"] },
    });
    expect(result.failure).toMatchObject({ kind: "failover", code: 421 });
    expect(result.recipients[0]).toMatchObject({ status: "deferred", code: 421, failover: true });
    expect(server.sessionCount()).toBe(1);
  });

  it("reuses pooled SMTP sessions across messages", async () => {
    const server = await startServer();
    const transport = transportFor(server.port, 2);
    const sends = Array.from({ length: 20 }, (_, i) =>
      sendThroughGateway(transport, { raw: rawMessage(`pool-${i}`), envelope: { from: "s@example.org", to: ["a@example.net"] } }),
    );
    const results = await Promise.all(sends);
    expect(results.every((r) => r.recipients[0].status === "delivered")).toBe(true);
    expect(server.messages).toHaveLength(20);
    expect(server.sessionCount()).toBeLessThanOrEqual(2);

    // Sequential sends keep using the idle pooled session instead of reconnecting.
    for (let i = 0; i < 5; i++) {
      await sendThroughGateway(transport, { raw: rawMessage(`seq-${i}`), envelope: { from: "s@example.org", to: ["a@example.net"] } });
    }
    expect(server.messages).toHaveLength(25);
    expect(server.sessionCount()).toBeLessThanOrEqual(2);
    expect(new Set(server.messages.map((m) => m.sessionId)).size).toBe(server.sessionCount());
  });
});
