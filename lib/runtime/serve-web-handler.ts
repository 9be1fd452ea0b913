import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { AppError, toHttpResponse } from "../errors";

/** A route handler in the Fetch API's shape, as the App Router's route.ts files export them. */
export type WebHandler = (request: Request) => Promise<Response>;

/**
 * Answers a Node request with a Fetch-style handler: the request body is streamed to it (so its own size checks
 * still stop an oversized body early) and its Response is written back as it is. Anything the handler throws — it
 * should not: apiKeyRoute maps every error — becomes the one JSON error answer of lib/errors.
 */
export async function serveWebHandler(handler: WebHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    await writeResponse(await answer(handler, req), req, res);
  } catch (error) {
    // Writing failed (the client went away mid-answer, or a header the handler set is invalid): never crash.
    console.error("[outgate] could not answer", req.method, req.url, error);
    if (!res.headersSent) await writeResponse(toHttpResponse(error), req, res).catch(() => res.destroy());
    else res.destroy();
  }
}

async function answer(handler: WebHandler, req: IncomingMessage): Promise<Response> {
  let request: Request;
  try {
    request = toWebRequest(req);
  } catch {
    // Node accepted the request line and headers, the Fetch API did not (e.g. a header value it refuses).
    return toHttpResponse(new AppError("bad_request", "The request's headers could not be read."));
  }
  try {
    return await handler(request);
  } catch (error) {
    return toHttpResponse(error);
  }
}

async function writeResponse(response: Response, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  const body = Buffer.from(await response.arrayBuffer());
  if (!req.complete) {
    // The handler answered before reading the whole body (e.g. 413): do not keep reading it on this connection.
    headers.connection = "close";
  }
  res.writeHead(response.status, { ...headers, "content-length": String(body.byteLength) });
  res.end(body);
}

function toWebRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  // The path is the caller's exact match (see scripts/web-server.ts); the origin only completes the URL.
  return new Request(new URL(req.url ?? "/", "http://localhost"), {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
  } as RequestInit);
}
