import { describe, expect, it, vi } from "vitest";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { createTestGateway } from "./create-test-gateway";
import { setUpEngineTests } from "./engine-test-kit";

// Read by lib/platform/env.ts on first use, which comes after this line in this file's module graph.
vi.stubEnv("OUTGATE_SEND_CONCURRENCY", "1");

const kit = setUpEngineTests();

describe("OUTGATE_SEND_CONCURRENCY", () => {
  it("sends one message at a time when set to 1, so one pooled session carries them all", async () => {
    const server = await kit.startServer();
    await createTestGateway({ port: server.port });
    await insertTestMessages(30);

    expect(await kit.drain()).toMatchObject({ claimed: 30, delivered: 30 });
    expect(server.messages).toHaveLength(30);
    expect(server.sessionCount()).toBe(1);
  });
});
