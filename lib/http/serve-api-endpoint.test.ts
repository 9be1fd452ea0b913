import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ApiEndpoint } from "./api-request";
import { AppError } from "../platform/errors";
import { serveApiEndpoint } from "./serve-api-endpoint";

let server: http.Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function serve(endpoint: ApiEndpoint): Promise<string> {
  server = http.createServer((req, res) => void serveApiEndpoint(endpoint, req, res));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A raw request, so the test controls Content-Length and chunking; resolves with the answer as the client saw it. */
function send(url: string, headers: Record<string, string>, chunks: Buffer[]) {
  return new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
    const request = http.request(`${url}/api/v1/messages`, { method: "POST", headers }, (response) => {
      const parts: Buffer[] = [];
      response.on("data", (part: Buffer) => parts.push(part));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body: Buffer.concat(parts).toString() }));
    });
    request.on("error", reject);
    for (const chunk of chunks) request.write(chunk);
  });
}

describe("serveApiEndpoint", () => {
  it("answers with the JSON error of lib/errors when the endpoint throws, and hides unknown errors", async () => {
    let error: unknown = new AppError("conflict", "Already there.");
    const url = await serve(async () => {
      throw error;
    });
    const known = await fetch(url, { method: "POST" });
    expect(known.status).toBe(409);
    expect(await known.json()).toEqual({ error: { code: "conflict", message: "Already there." } });
    error = new Error("secret internals");
    const unknown = await fetch(url, { method: "POST" });
    expect(unknown.status).toBe(500);
    expect(await unknown.text()).not.toContain("secret internals");
  });

  const readUpTo64k: ApiEndpoint = async (request) => ({ status: 200, body: { length: (await request.readBody(64 * 1024)).byteLength } });

  // The 413s themselves are in test/http/submission-cases.ts, through both adapters; this is what only Node's path does.
  it.each([
    ["a declared Content-Length over the limit", { "content-length": String(10 * 1024 * 1024) }, [Buffer.alloc(16 * 1024)]],
    ["a chunked body counted past the limit", { "transfer-encoding": "chunked" }, Array.from({ length: 20 }, () => Buffer.alloc(16 * 1024))],
  ])("closes the connection after answering 413 for %s, instead of reading the rest of the body", async (_what, headers, chunks) => {
    const url = await serve(readUpTo64k);
    const answer = await send(url, headers, chunks);
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe("close");
  });
});
