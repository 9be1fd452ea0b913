import { describe, expect, it, vi } from "vitest";
import { drainQueue } from "@/lib/engine/queue/drain-queue";
import { getDb } from "@/lib/platform/db";
import { getHostName } from "@/lib/platform/host-name";
import { insertTestMessage } from "@/test/queue/insert-test-message";
import { startScriptedSmtpServer } from "@/test/smtp/scripted-smtp-server";
import { createTestGateway } from "./create-test-gateway";
import { setUpEngineTests } from "./engine-test-kit";

// Read on first use, after this line (lib/platform/env.ts, lib/platform/host-name.ts: once per process).
vi.stubEnv("OUTGATE_EHLO_NAME", "MTA.Outgate.Test");

setUpEngineTests();

/**
 * Issue 11, kind 11: the drain names Outgate by the one resolved name (lib/platform/host-name.ts) — in EHLO and in the
 * DSNs it queues — and never by "localhost". No transport override here: the drain picks the name itself.
 */
describe("Outgate's own name on the wire", () => {
  it("announces OUTGATE_EHLO_NAME in EHLO and sends its DSNs from MAILER-DAEMON at that name", async () => {
    const server = await startScriptedSmtpServer({ script: { strict: true, rcpt: (address) => (address.startsWith("unknown@") ? "550 5.1.1 User unknown" : null) } });
    try {
      await createTestGateway({ port: server.port });
      await insertTestMessage({ from: "alice@example.org", to: ["bob@example.net", "unknown@example.net"] });

      // The DSN is queued while the message is recorded; a second drain sends it if the first had stopped claiming.
      await drainQueue({ maxMs: 20_000 });
      await drainQueue({ maxMs: 20_000 });
      expect((await getHostName()).name).toBe("mta.outgate.test");
      const ehlos = server.sessions.map((session) => session.commands[0]?.line);
      expect(ehlos.length).toBeGreaterThan(0);
      expect(new Set(ehlos)).toEqual(new Set(["EHLO mta.outgate.test"]));

      const bounce = await getDb().message.findFirstOrThrow({ where: { isBounce: true }, select: { raw: true, messageId: true } });
      const text = Buffer.from(bounce.raw).toString();
      expect(text).toMatch(/^From: Mail Delivery System <MAILER-DAEMON@mta\.outgate\.test>\r\n/);
      expect(text).toContain("\r\nReporting-MTA: dns; mta.outgate.test\r\n");
      expect(bounce.messageId).toMatch(/@mta\.outgate\.test$/);
      expect(text).not.toMatch(/localhost/);
      // The strict server took the DSN too: its lines are CRLF, at most 998 octets.
      expect(server.messages.filter((message) => message.from === "")).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
