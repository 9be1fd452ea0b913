import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { serveWebHandler, type WebHandler } from "./serve-web-handler";

let server: http.Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function serve(handler: WebHandler): Promise<string> {
  server = http.createServer((req, res) => void serveWebHandler(handler, req, res));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("serveWebHandler", () => {
  it("passes method, path, query, headers and the streamed body, and writes status, headers and body back", async () => {
    const url = await serve(async (request) => {
      const body = await request.text();
      return Response.json(
        { method: request.method, path: new URL(request.url).pathname + new URL(request.url).search, key: request.headers.get("idempotency-key"), body },
        { status: 202, headers: { Location: "/somewhere" } },
      );
    });
    const answer = await fetch(`${url}/api/v1/messages?x=1`, { method: "POST", headers: { "Idempotency-Key": "k1" }, body: "héllo".repeat(10_000) });
    expect(answer.status).toBe(202);
    expect(answer.headers.get("location")).toBe("/somewhere");
    expect(answer.headers.get("content-type")).toMatch(/application\/json/);
    expect(await answer.json()).toEqual({ method: "POST", path: "/api/v1/messages?x=1", key: "k1", body: "héllo".repeat(10_000) });
  });

  it("keeps several Set-Cookie headers apart", async () => {
    const url = await serve(async () => {
      const headers = new Headers();
      headers.append("set-cookie", "a=1; Path=/");
      headers.append("set-cookie", "b=2; Path=/");
      return new Response("ok", { headers });
    });
    expect((await fetch(url, { method: "POST" })).headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
  });

  it("answers with the JSON error of lib/errors when the handler throws, and hides unknown errors", async () => {
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

  it("closes the connection when the handler answers before reading an oversized body", async () => {
    const url = await serve(async () => Response.json({ error: { code: "payload_too_large", message: "too big" } }, { status: 413 }));
    const answer = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const request = http.request(`${url}/api/v1/messages`, { method: "POST", headers: { "content-length": String(10 * 1024 * 1024) } }, (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, connection: response.headers.connection });
      });
      request.on("error", reject);
      request.write(Buffer.alloc(64 * 1024));
    });
    expect(answer).toEqual({ status: 413, connection: "close" });
  });
});
