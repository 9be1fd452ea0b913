import http from "node:http";
import type { AddressInfo } from "node:net";
import { POST as postBatch } from "@/app/api/v1/messages/batch/route";
import { POST as postMessage } from "@/app/api/v1/messages/route";
import { findSubmissionEndpoint } from "@/lib/http/find-submission-endpoint";
import { serveApiEndpoint } from "@/lib/http/serve-api-endpoint";

/**
 * The two ways a submission reaches its endpoint (docs/ARCHITECTURE.md, "How a message flows", step 1): through
 * Next (`asRouteHandler`, a Fetch Request) and through the production web server's direct path (`serveApiEndpoint`
 * on a Node request). Each adapter here sends one request the way a client on the wire would and reports the
 * answer in one shape, so one table of cases can run through both.
 */

export type SubmissionPath = "/api/v1/messages" | "/api/v1/messages/batch";

/**
 * How the body is framed: "length" declares its true Content-Length; "chunked" declares none (HTTP/1.1 chunked
 * transfer coding, RFC 9112 §7.1) so only counting the bytes can find its size; `{ declared }` claims a length
 * that is not the body's. A declared length larger than the body leaves the request unfinished: the server
 * must answer from the header alone.
 */
export type Framing = "length" | "chunked" | { declared: number };

export type WireRequest = { path: SubmissionPath; headers: Record<string, string>; body: Buffer; framing: Framing };

/** The headers the endpoints set, by lower-case name; absent ones are left out. */
export type WireAnswer = { status: number; headers: Record<string, string>; body: unknown };

export type Adapter = { name: "next" | "node"; send(request: WireRequest): Promise<WireAnswer>; close(): Promise<void> };

const ANSWER_HEADERS = ["content-type", "location", "www-authenticate"];
/** Streamed bodies arrive in pieces of this size, so a size limit is met part-way through. */
const CHUNK_BYTES = 16 * 1024;
/** An adapter that gets no answer in this time reports it instead of hanging (a server waiting for a body). */
const ANSWER_TIMEOUT_MS = 5_000;

function chunksOf(body: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < body.byteLength; offset += CHUNK_BYTES) chunks.push(body.subarray(offset, offset + CHUNK_BYTES));
  return chunks;
}

function declaredLength(request: WireRequest): number | undefined {
  if (request.framing === "chunked") return undefined;
  return request.framing === "length" ? request.body.byteLength : request.framing.declared;
}

function pickHeaders(read: (name: string) => string | null | undefined): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of ANSWER_HEADERS) {
    const value = read(name);
    if (value != null) picked[name] = value;
  }
  return picked;
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ANSWER_TIMEOUT_MS} ms`)), ANSWER_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The route.ts handlers, called with a Fetch Request whose body is a ReadableStream handing out one chunk per pull. */
export function nextAdapter(): Adapter {
  const handlers = { "/api/v1/messages": postMessage, "/api/v1/messages/batch": postBatch };
  return {
    name: "next",
    async send(request) {
      const chunks = chunksOf(request.body);
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const chunk = chunks.shift();
          if (chunk) controller.enqueue(new Uint8Array(chunk));
          else controller.close();
        },
      });
      const length = declaredLength(request);
      const headers = { ...request.headers, ...(length === undefined ? {} : { "content-length": String(length) }) };
      const init = { method: "POST", headers, body, duplex: "half" } as RequestInit;
      const response = await withTimeout(handlers[request.path](new Request(`http://localhost${request.path}`, init)), "next adapter");
      return { status: response.status, headers: pickHeaders((name) => response.headers.get(name)), body: parseJsonOrText(await response.text()) };
    },
    close: async () => {},
  };
}

/**
 * A real node:http server routing as scripts/web-server.ts does (findSubmissionEndpoint → serveApiEndpoint), and a
 * real client on a fresh socket per request: chunked when the case says so, and left unfinished when the declared
 * length is more than the body.
 */
export async function nodeAdapter(): Promise<Adapter> {
  const server = http.createServer((req, res) => {
    const endpoint = findSubmissionEndpoint(req.method, req.url);
    if (endpoint) void serveApiEndpoint(endpoint, req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name: "node",
    send: (request) => withTimeout(sendOverSocket(port, request), "node adapter"),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function sendOverSocket(port: number, request: WireRequest): Promise<WireAnswer> {
  const length = declaredLength(request);
  const framing = length === undefined ? { "transfer-encoding": "chunked" } : { "content-length": String(length) };
  return new Promise((resolve, reject) => {
    let answered = false;
    const client = http.request({ host: "127.0.0.1", port, path: request.path, method: "POST", agent: false, headers: { ...request.headers, ...framing } }, (response) => {
      const parts: Buffer[] = [];
      response.on("data", (part: Buffer) => parts.push(part));
      response.on("end", () => {
        answered = true;
        resolve({ status: response.statusCode ?? 0, headers: pickHeaders((name) => response.headers[name] as string | undefined), body: parseJsonOrText(Buffer.concat(parts).toString("utf8")) });
        client.destroy();
      });
    });
    // Once answered, a reset from the server (it closes a connection whose body it did not read) is no failure.
    client.on("error", (error) => (answered ? undefined : reject(error)));
    for (const chunk of chunksOf(request.body)) client.write(chunk);
    if (length === undefined || length <= request.body.byteLength) client.end();
  });
}
