import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiAnswer, ApiEndpoint, ApiRequest } from "./api-request";
import { assertDeclaredLength, bodyTooLarge } from "./read-body-bytes";
import { toErrorAnswer } from "./error-answer";

/**
 * Answers a Node request with an API endpoint, without building Fetch objects around it (scripts/web-server.ts).
 * Anything the endpoint throws — it should not: its wrapper maps every error — becomes the one JSON error answer.
 */
export async function serveApiEndpoint(endpoint: ApiEndpoint, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let answer: ApiAnswer;
  try {
    answer = await endpoint(fromNodeRequest(req));
  } catch (error) {
    answer = toErrorAnswer(error);
  }
  try {
    const json = JSON.stringify(answer.body);
    const headers: Record<string, string> = { ...answer.headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(json)), "x-content-type-options": "nosniff" };
    // The endpoint answered before the whole body arrived (e.g. 413): do not go on reading it on this connection.
    if (!req.complete) headers.connection = "close";
    res.writeHead(answer.status, headers);
    res.end(json);
  } catch (error) {
    // Writing failed (the client went away mid-answer): never crash.
    console.error("[outgate] could not answer", req.method, req.url, error);
    res.destroy();
  }
}

function fromNodeRequest(req: IncomingMessage): ApiRequest {
  return {
    header: (name) => {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
    readBody: (maxBytes) => readNodeBody(req, maxBytes),
  };
}

/** The same contract as readBodyBytes for a Fetch request: Content-Length is checked first, then what arrives. */
async function readNodeBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  assertDeclaredLength(req.headers["content-length"], maxBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  // Not destroyed when the limit is passed: the 413 must still reach the client (and the connection then closes).
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw bodyTooLarge(maxBytes);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}
