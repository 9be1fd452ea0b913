import { NextRequest } from "next/server";
import { toHttpResponse } from "./error-answer";
import { assertDeclaredLength, bodyTooLarge } from "./read-body-bytes";

/**
 * `handler` behind a body limit: a body over `maxBytes` (by Content-Length, or counted when chunked) gets a JSON 413
 * and is never handed on; a smaller one is read here and passed on in a fresh request. For handlers that read
 * bodies without a limit of their own, such as next-auth's (a 4 MB multipart sign-in would otherwise be parsed).
 */
export function refuseLargeBody<Context>(maxBytes: number, handler: (request: NextRequest, context: Context) => Promise<Response>) {
  return async (request: NextRequest, context: Context): Promise<Response> => {
    if (request.method === "GET" || request.method === "HEAD") return handler(request, context);
    let body: Buffer;
    try {
      assertDeclaredLength(request.headers.get("content-length"), maxBytes);
      body = await readUpTo(request, maxBytes);
    } catch (error) {
      return toHttpResponse(error);
    }
    return handler(new NextRequest(request.url, { method: request.method, headers: request.headers, body: new Uint8Array(body) }), context);
  };
}

/**
 * The body, or bodyTooLarge past `maxBytes`. Unlike readBodyBytes it stops reading without cancelling the stream:
 * a cancel makes Next destroy the socket, so the client would see a reset instead of the 413; left alone, Node
 * discards the rest of the body after the answer and the connection lives on.
 */
async function readUpTo(request: Request, maxBytes: number): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return Buffer.concat(chunks, total);
      total += value.byteLength;
      if (total > maxBytes) throw bodyTooLarge(maxBytes);
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
}
