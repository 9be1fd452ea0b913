import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { claimMessages } from "@/lib/engine/queue/claim-messages";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { createTestGateway, orderedId } from "./create-test-gateway";
import { setUpEngineTests, TEST_TRANSPORT } from "./engine-test-kit";
import { startSilentPeer } from "@/test/smtp/silent-peer";

const kit = setUpEngineTests();

describe("no loss, no double send", () => {
  it("delivers 1,000 messages exactly once with two drains in parallel", async () => {
    const servers = [await kit.startServer(), await kit.startServer()];
    for (const server of servers) await createTestGateway({ port: server.port });
    const inserted = await insertTestMessages(1000);

    const results = await Promise.all([
      kit.drain({ maxMessages: 1000, batchSize: 50, workerId: "a" }),
      kit.drain({ maxMessages: 1000, batchSize: 50, workerId: "b" }),
    ]);

    expect(results[0].claimed + results[1].claimed).toBe(1000);
    expect(results[0].delivered + results[1].delivered).toBe(1000);
    const received = servers.flatMap((server) => server.messages.map((message) => message.messageId));
    expect(received).toHaveLength(1000);
    expect(new Set(received)).toEqual(new Set(inserted.map((message) => `<${message.messageId}>`)));
    expect(servers.map((server) => server.messages.length)).toEqual([500, 500]);
    expect(await getDb().message.count({ where: { status: "DELIVERED" } })).toBe(1000);
  }, 60_000);

  it("renews the lease of a batch in flight, so a short lease never lets another worker send it twice", async () => {
    // The first gateway accepts connections and never greets: the batch's first message waits out a 4 s greeting
    // timeout, four leases long, before it fails over to the good gateway. The lease is renewed at a third of its
    // length, so a renewal may come two thirds of a second late on a busy machine and the lease still holds.
    const silent = await startSilentPeer();
    try {
      const server = await kit.startServer();
      await createTestGateway({ id: orderedId(1), port: silent.port });
      await createTestGateway({ id: orderedId(2), port: server.port });
      await insertTestMessages(20);

      const slowGreeting = { ...TEST_TRANSPORT, timeouts: { ...TEST_TRANSPORT!.timeouts, greetingMs: 4_000 } };
      let firstDone = false;
      const first = kit.drain({ batchSize: 20, concurrency: 1, leaseSeconds: 1, transport: slowGreeting }).finally(() => (firstDone = true));
      // Two leases later, and two seconds before the first send gives up: without renewal the batch would be free.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const second = await kit.drain({ batchSize: 20, leaseSeconds: 1 });
      expect(second.claimed).toBe(0);
      expect(firstDone).toBe(false);
      expect(await first).toMatchObject({ claimed: 20, delivered: 20 });
      expect(new Set(server.messages.map((message) => message.messageId)).size).toBe(20);
      expect(server.messages).toHaveLength(20);
    } finally {
      await silent.close();
    }
  });

  it("delivers a dead worker's claim after its lease expires", async () => {
    const server = await kit.startServer();
    await createTestGateway({ port: server.port });
    const [message] = await insertTestMessages(1);

    // A worker claims with a short lease and dies without completing.
    const dead = await claimMessages({ limit: 10, leaseSeconds: 0.5 });
    expect(dead.messages).toHaveLength(1);
    expect(await kit.drain()).toMatchObject({ claimed: 0 });

    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await kit.drain()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(server.messages.map((m) => m.messageId)).toEqual([`<${message.messageId}>`]);
    expect(await getDb().message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ status: "DELIVERED", attempts: 1, leaseToken: null, leaseUntil: null });
  });
});
