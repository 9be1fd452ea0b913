import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { closeAllTransports } from "@/lib/engine/delivery/transport-pool";
import { resetDatabase } from "@/test/db";
import { createTestGateway } from "@/test/engine/create-test-gateway";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { startTestSmtpServer } from "@/test/smtp/start-test-smtp-server";
import { POST } from "./route";

// lib/env reads the environment once; the token must be there before the first request.
const TOKEN = vi.hoisted(() => {
  const token = "worker-token-0123456789abcdef";
  process.env.OUTGATE_WORKER_TOKEN = token;
  return token;
});

function drainRequest(headers: Record<string, string>, body?: string) {
  return new Request("http://localhost/api/worker/drain", { method: "POST", headers, body });
}

describe("POST /api/worker/drain", () => {
  beforeEach(resetDatabase);
  afterAll(() => closeAllTransports());

  it("answers 401 without a token or with a wrong one", async () => {
    for (const headers of [{} as Record<string, string>, { authorization: `Bearer ${TOKEN}x` }, { authorization: TOKEN }, { authorization: "Bearer " }]) {
      const response = await POST(drainRequest(headers));
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { code: "unauthorized", message: "A valid worker token is required." } });
    }
  });

  it("answers 401 to everyone when no worker token is configured", async () => {
    const saved = process.env.OUTGATE_WORKER_TOKEN;
    delete process.env.OUTGATE_WORKER_TOKEN;
    try {
      vi.resetModules();
      const fresh = await import("./route");
      expect((await fresh.POST(drainRequest({ authorization: `Bearer ${TOKEN}` }))).status).toBe(401);
      expect((await fresh.POST(drainRequest({ authorization: "Bearer undefined" }))).status).toBe(401);
    } finally {
      process.env.OUTGATE_WORKER_TOKEN = saved;
    }
  });

  it("validates the limits", async () => {
    const response = await POST(drainRequest({ authorization: `Bearer ${TOKEN}` }, JSON.stringify({ maxMessages: 0 })));
    expect(response.status).toBe(422);
    expect((await response.json()).error.fields).toHaveProperty("maxMessages");
    expect((await POST(drainRequest({ authorization: `Bearer ${TOKEN}` }, "{nope"))).status).toBe(400);
  });

  it("refuses a huge body (413) after reading only the start of it, or by its Content-Length", async () => {
    // 16 MiB of JSON whitespace and then {}: read whole, it would be a valid "use the defaults" body.
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let pulled = 0;
    const huge = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 16 * 1024 * 1024) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(pulled >= 16 * 1024 * 1024 ? new TextEncoder().encode("{}") : chunk);
      },
    });
    const streamed = await POST(new Request("http://localhost/api/worker/drain", { method: "POST", headers: { authorization: `Bearer ${TOKEN}` }, body: huge, duplex: "half" } as RequestInit));
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error.code).toBe("payload_too_large");
    expect(pulled).toBeLessThanOrEqual(4 * chunk.byteLength);

    const declared = await POST(drainRequest({ authorization: `Bearer ${TOKEN}`, "content-length": String(16 * 1024 * 1024) }, "{}"));
    expect(declared.status).toBe(413);
  });

  it("reads a body of exactly 4 KiB and refuses one of 4 KiB + 1 byte (413), however it is framed", async () => {
    const padded = (size: number) => "{}" + " ".repeat(size - 2);
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await POST(drainRequest(auth, padded(4096)))).status).toBe(200);
    expect((await POST(drainRequest(auth, padded(4097)))).status).toBe(413);
    // Without a Content-Length (streamed), the bytes that arrive are counted.
    const stream = (size: number) => new ReadableStream<Uint8Array>({ start: (controller) => (controller.enqueue(new TextEncoder().encode(padded(size))), controller.close()) });
    const streamed = (size: number) => POST(new Request("http://localhost/api/worker/drain", { method: "POST", headers: auth, body: stream(size), duplex: "half" } as RequestInit));
    expect((await streamed(4096)).status).toBe(200);
    expect((await streamed(4097)).status).toBe(413);
  });

  it("drains with the right token and answers the counts", async () => {
    const server = await startTestSmtpServer();
    try {
      await createTestGateway({ port: server.port });
      await insertTestMessages(3);
      const response = await POST(drainRequest({ authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, JSON.stringify({ maxMessages: 2 })));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ claimed: 2, delivered: 2, deferred: 0, failed: 0 });
      expect(await (await POST(drainRequest({ authorization: `Bearer ${TOKEN}` }))).json()).toEqual({ claimed: 1, delivered: 1, deferred: 0, failed: 0 });
      expect(server.messages).toHaveLength(3);
    } finally {
      closeAllTransports();
      await server.close();
    }
  });
});
