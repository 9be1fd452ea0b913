import { describe, expect, it, vi } from "vitest";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { createTestGateway } from "./create-test-gateway";
import { setUpEngineTests } from "./engine-test-kit";

// Read by lib/platform/env.ts on first use, which comes after this line in this file's module graph.
vi.stubEnv("OUTGATE_GATEWAY_CONNECTIONS", "2");

const kit = setUpEngineTests();

describe("OUTGATE_GATEWAY_CONNECTIONS", () => {
  it("caps the SMTP sessions a drain opens to one gateway (100 sends in flight would open 10)", async () => {
    const server = await kit.startServer();
    await createTestGateway({ port: server.port });
    await insertTestMessages(60);

    expect(await kit.drain()).toMatchObject({ claimed: 60, delivered: 60 });
    expect(server.messages).toHaveLength(60);
    expect(server.sessionCount()).toBeGreaterThanOrEqual(1);
    expect(server.sessionCount()).toBeLessThanOrEqual(2);
  });
});
