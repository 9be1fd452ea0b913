import { afterEach } from "vitest";
import { startScriptedSmtpServer, type ScriptedSmtpServer, type SmtpScript } from "./scripted-smtp-server";
import { DEFAULT_SESSION_SETTINGS, type GatewaySessionSettings } from "@/lib/engine/delivery/smtp/session-settings";
import { sendThroughGateway } from "@/lib/engine/delivery/send-through-gateway";
import { toSessionOptions } from "@/lib/engine/delivery/transport-options";
import type { GatewayConnection } from "@/lib/engine/delivery/types";
import { GatewayPool } from "@/lib/engine/delivery/smtp/gateway-pool";

/** Short stage timeouts so a misbehaving server costs a test milliseconds; each test shortens what it probes. */
export const FAST = { connectMs: 2000, greetingMs: 2000, mailMs: 2000, rcptMs: 2000, dataInitMs: 2000, dataBlockMs: 2000, dataTermMs: 2000 };

/** Scripted servers and pools opened by a test, closed after it. */
export function setUpSmtpTests() {
  const servers: ScriptedSmtpServer[] = [];
  const pools: GatewayPool[] = [];
  afterEach(async () => {
    for (const pool of pools.splice(0)) pool.close();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return {
    async server(script: SmtpScript = {}) {
      const server = await startScriptedSmtpServer({ script });
      servers.push(server);
      return server;
    },
    pool(server: { port: number; cert?: string }, connection: Partial<GatewayConnection> = {}, session: Partial<GatewaySessionSettings> = {}) {
      const conn: GatewayConnection = {
        id: "gw-test",
        address: "127.0.0.1",
        port: server.port,
        encryption: "NONE",
        verifyCertificate: false,
        auth: null,
        session: { ...DEFAULT_SESSION_SETTINGS, timeouts: FAST, ...session },
        ...connection,
      };
      const pool = new GatewayPool(toSessionOptions(conn, { ehloName: "outgate.test" }));
      pools.push(pool);
      return pool;
    },
  };
}

export function rawMessage(id: string, body = `Body ${id}\r\n`): Buffer {
  return Buffer.from(`From: sender@example.org\r\nTo: rcpt@example.net\r\nMessage-ID: <${id}@example.org>\r\nSubject: ${id}\r\n\r\n${body}`);
}

export function send(pool: GatewayPool, raw: Buffer, to: string[] = ["a@example.net"], from = "s@example.org") {
  return sendThroughGateway(pool, { raw, envelope: { from, to } });
}
