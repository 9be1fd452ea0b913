import http from "node:http";

export type HttpAnswer = { status: number; headers: http.IncomingHttpHeaders; body: string };

export type HttpRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Send the body chunked (no Content-Length). */
  chunked?: boolean;
  /** Declare this Content-Length but send only `body` (on a connection of its own, dropped afterwards). */
  lyingContentLength?: number;
};

/** A keep-alive client with at most `maxSockets` connections: node:http, so any header bytes can be sent. */
export function makeHttpClient(baseUrl: string, maxSockets: number) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const sendOnce = (request: HttpRequest, timeoutMs: number) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const lying = request.lyingContentLength !== undefined;
      const headers: Record<string, string | number> = { ...request.headers };
      if (lying) headers["content-length"] = request.lyingContentLength!;
      else if (request.body && !request.chunked) headers["content-length"] = request.body.byteLength;
      const outgoing = http.request(
        { host: url.hostname, port: url.port, method: request.method, path: request.path, headers, agent: lying ? false : agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") });
            if (lying) outgoing.destroy();
          });
          response.on("error", reject);
        },
      );
      outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      // A kept-alive socket the server closed just as we reused it: the request never reached a handler.
      outgoing.on("error", (error: NodeJS.ErrnoException) => reject(Object.assign(error, { staleSocket: outgoing.reusedSocket && error.code === "ECONNRESET" })));
      if (request.body && request.chunked) {
        for (let offset = 0; offset < request.body.byteLength; offset += 64 * 1024) outgoing.write(request.body.subarray(offset, offset + 64 * 1024));
        outgoing.end();
      } else if (lying) {
        outgoing.write(request.body ?? Buffer.alloc(0));
      } else {
        outgoing.end(request.body);
      }
    });
  /** Node's documented pattern: retry once when a reused keep-alive socket turns out to be closed. */
  const send = async (request: HttpRequest, timeoutMs = 30_000): Promise<HttpAnswer> => {
    try {
      return await sendOnce(request, timeoutMs);
    } catch (error) {
      if (!(error as { staleSocket?: boolean }).staleSocket) throw error;
      return sendOnce(request, timeoutMs);
    }
  };
  return { send, close: () => agent.destroy() };
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function forEachBounded<T>(items: Iterable<T>, limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let index = 0;
  const lane = async () => {
    for (;;) {
      const next = iterator.next();
      if (next.done) return;
      await task(next.value, index++);
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
}
