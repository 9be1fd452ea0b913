import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { classifySmtpError } from "@/lib/engine/delivery/classify-smtp-error";
import { openGatewaySocket } from "@/lib/engine/delivery/smtp/open-gateway-socket";
import { closeAllTransports, getTransport } from "@/lib/engine/delivery/transport-pool";
import type { GatewayConnection } from "@/lib/engine/delivery/types";
import { readGatewaySpoolCounts } from "@/lib/engine/routing/read-gateway-spool-counts";
import { clearSpoolCountCache } from "@/lib/engine/smartermail/spool-count-cache";
import { clearSmarterMailTokenCache } from "@/lib/engine/smartermail/token-cache";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { createSpoolTestGateway } from "@/test/smartermail/create-smartermail-gateway";
import { startFakeSmarterMail, type FakeSmarterMail } from "@/test/smartermail/start-fake-smartermail";
import { startTestSmtpServer, type TestSmtpServer } from "@/test/smtp/start-test-smtp-server";

// Issue #12, kind 10: SMTP connections to gateways pass the same outbound check as SmarterMail requests, and
// disabled gateways are not polled.

let server: TestSmtpServer | undefined;
let fake: FakeSmarterMail | undefined;
beforeEach(async () => {
  await resetDatabase();
  clearSpoolCountCache();
  clearSmarterMailTokenCache();
});
afterEach(async () => {
  closeAllTransports();
  await server?.close();
  await fake?.close();
  server = undefined;
  fake = undefined;
});

const envelope = { from: "a@example.org", to: ["b@example.net"] };
const raw = Buffer.from("Subject: t\r\n\r\nbody\r\n");

function transportFor(address: string, port: number, id: string) {
  const conn: GatewayConnection = { id, address, port, encryption: "NONE", verifyCertificate: false, auth: { user: "u", pass: "p" } };
  return getTransport(conn, "v1", { ehloName: "outgate.test", maxConnections: 1, timeouts: { connectionMs: 3000, greetingMs: 3000, socketMs: 5000 } });
}

describe("SMTP connections to gateways", () => {
  it.each(["169.254.169.254", "169.254.10.1", "::ffff:169.254.169.254", "fe80::1"])("are refused for the link-local address %s at once", async (address) => {
    const started = performance.now();
    const error = await openGatewaySocket({ host: address, port: 25, connectMs: 3000, tls: null }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: "EDENIED", stage: "connect" });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("fail a gateway on a denied address over to the next one, with a reason an admin can read", async () => {
    const error = await transportFor("169.254.169.254", 25, "gw-denied").sendMail({ raw, envelope }).catch((caught: unknown) => caught);

    const classified = classifySmtpError(error);
    expect(classified.kind).toBe("failover");
    expect(classified.reason).toMatch(/not an allowed destination/);
  });

  it("still reach a gateway by host name, connecting to the address that was checked", async () => {
    server = await startTestSmtpServer();
    const socket = await openGatewaySocket({ host: "localhost", port: server.port, connectMs: 3000, tls: null });
    try {
      expect(["127.0.0.1", "::ffff:127.0.0.1"]).toContain(socket.remoteAddress);
    } finally {
      socket.destroy();
    }
  });
});

describe("spool-count polling", () => {
  it("never asks the SmarterMail server of a disabled gateway, and shows its Outgate queue instead", async () => {
    fake = await startFakeSmarterMail();
    const disabled = await createSpoolTestGateway({ smartermail: { url: fake.url, username: "admin", password: "secret" } });
    await getDb().gateway.update({ where: { id: disabled }, data: { enabled: false } });

    const rows = await readGatewaySpoolCounts();

    expect(rows.find((row) => row.gatewayId === disabled)).toMatchObject({ source: "outgate", queued: 0 });
    expect(fake.authenticateCalls + fake.spoolCalls).toBe(0);
  });
});
