/**
 * Issue 13, item 2: "Send test message" goes through the chosen gateway only — not the round-robin turn, not a
 * failover — and is queued like any other mail, so it shows in Messages with its attempts.
 */
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { sendTestMessage } from "@/lib/console/gateways/send-test-message";
import { listMessages } from "@/lib/console/messages/list-messages";
import { findFreePort } from "@/lib/platform/free-port";
import { createTestGateway } from "./create-test-gateway";
import { setUpEngineTests } from "./engine-test-kit";

const kit = setUpEngineTests();

describe("a test message pinned to a gateway", () => {
  it("goes through that gateway only, whatever the round-robin turn, and shows in Messages", async () => {
    const [a, b] = await Promise.all([kit.startServer(), kit.startServer()]);
    await createTestGateway({ port: a.port, description: "A" });
    const gatewayB = await createTestGateway({ port: b.port, description: "B" });
    const sent = [];
    for (let index = 0; index < 4; index += 1) sent.push(await sendTestMessage({ id: gatewayB.id, to: `ops${index}@dest.example`, adminEmail: "admin@outgate.test" }));
    await kit.drain();
    expect(a.messages).toHaveLength(0);
    expect(b.messages.map((m) => m.to[0]).sort()).toEqual(["ops0@dest.example", "ops1@dest.example", "ops2@dest.example", "ops3@dest.example"]);
    expect(b.messages[0].from).toBe("admin@outgate.test");
    expect(b.messages[0].raw.toString()).toMatch(/^Subject: Outgate test message through B\r$/m);

    const listed = await listMessages({});
    const ids = listed.items.map((message) => message.id);
    for (const message of sent) expect(ids).toContain(message.id);
  });

  it("waits for its gateway when that gateway is down, instead of failing over to another", async () => {
    const healthy = await kit.startServer();
    await createTestGateway({ port: healthy.port, description: "healthy" });
    const down = await createTestGateway({ port: await findFreePort(), description: "down" });
    const { id } = await sendTestMessage({ id: down.id, to: "ops@dest.example", adminEmail: "admin@outgate.test" });
    await kit.drain();
    expect(healthy.messages).toHaveLength(0);
    const message = await getDb().message.findUniqueOrThrow({ where: { id }, select: { status: true, lastError: true } });
    expect(message.status).toBe("QUEUED");
    expect(message.lastError).toMatch(/ECONNREFUSED/);
  });

  it("is refused for a disabled or unknown gateway", async () => {
    const server = await kit.startServer();
    const off = await createTestGateway({ port: server.port, enabled: false });
    await expect(sendTestMessage({ id: off.id, to: "ops@dest.example", adminEmail: "admin@outgate.test" })).rejects.toMatchObject({ code: "bad_request" });
    await expect(sendTestMessage({ id: "00000000-0000-4000-8000-000000000000", to: "ops@dest.example", adminEmail: "admin@outgate.test" })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
