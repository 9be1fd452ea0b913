import http from "node:http";
import https from "node:https";
import { pinnedLookup, resolveOutboundAddresses, type ResolvedAddress } from "../../platform/resolve-outbound-address";
import { classifyNetworkError } from "./classify-network-error";
import { SmarterMailError } from "./smartermail-error";

// A SmarterMail answer is a few hundred bytes; anything far larger is not the API (a proxy page, a
// download) and must not be buffered whole.
const MAX_BODY_BYTES = 1_000_000;

export type RequestOptions = {
  url: URL;
  method: "GET" | "POST";
  headers?: Record<string, string>;
  json?: unknown;
  /** Shared deadline of the whole operation (login + call + retry), not of one request. */
  signal: AbortSignal;
  timeoutMs: number;
  ca?: string | Buffer;
};

export type RawAnswer = { status: number; headers: http.IncomingHttpHeaders; text: string };

/**
 * One HTTP(S) exchange with node:http(s). We do not use global fetch: Node 20's fetch cannot take a
 * custom CA without importing undici's Agent, which is not a dependency here.
 * The host passes the outbound check first and the request connects only to the checked addresses
 * (lib/platform/resolve-outbound-address.ts). A redirect is never followed — not to another host, and not at all: the
 * configured URL must be SmarterMail's own — and its Location is not repeated.
 * Resolves with any other HTTP status; rejects only with SmarterMailError (denied, redirected, network, TLS, timeout).
 */
export async function sendRequest(options: RequestOptions): Promise<RawAnswer> {
  const target = options.url.host;
  const timeoutError = () => new SmarterMailError("timeout", `${target}: no answer within ${options.timeoutMs} ms`);
  if (options.signal.aborted) throw timeoutError();
  let addresses: ResolvedAddress[];
  try {
    // The name lookup counts against the same deadline: a resolver that never answers must not hold the grid.
    addresses = await untilAborted(resolveOutboundAddresses(options.url.hostname), options.signal, timeoutError);
  } catch (error) {
    throw classifyNetworkError(error, target);
  }
  const answer = await exchange(options, addresses, timeoutError);
  if (answer.status >= 300 && answer.status < 400) {
    throw new SmarterMailError("redirected", `${target}: HTTP ${answer.status} redirect, not followed; enter the address SmarterMail answers on itself`);
  }
  return answer;
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal, toError: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(toError());
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function exchange(options: RequestOptions, addresses: ResolvedAddress[], timeoutError: () => SmarterMailError): Promise<RawAnswer> {
  const { url, signal } = options;
  const target = url.host;

  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    headers["content-length"] = String(Buffer.byteLength(body));
  }
  const transport = url.protocol === "https:" ? https : http;

  if (signal.aborted) return Promise.reject(timeoutError());
  return new Promise<RawAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      outcome();
    };
    const fail = (error: unknown) => finish(() => reject(classifyNetworkError(error, target)));

    const request = transport.request(url, {
      method: options.method,
      headers,
      lookup: pinnedLookup(addresses),
      ...(url.protocol === "https:" && options.ca ? { ca: options.ca } : {}),
    });
    // Destroying the request also tears down a half-read response, so a server that sends headers and
    // then stalls is cut off by the same deadline.
    const onAbort = () => {
      const error = timeoutError();
      fail(error);
      request.destroy(error);
    };
    signal.addEventListener("abort", onAbort, { once: true });

    request.on("error", fail);
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          const error = new SmarterMailError("unexpected_answer", `${target}: answer larger than ${MAX_BODY_BYTES} bytes`);
          fail(error);
          request.destroy(error);
          return;
        }
        chunks.push(chunk);
      });
      response.on("error", fail);
      response.on("close", () => {
        if (!response.complete) fail(Object.assign(new Error("connection closed mid-answer"), { code: "ECONNRESET" }));
      });
      response.on("end", () =>
        finish(() =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        ),
      );
    });
    request.end(body);
  });
}
