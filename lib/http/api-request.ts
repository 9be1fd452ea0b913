import { readBodyBytes } from "./read-body-bytes";

/**
 * What an API endpoint reads from a request, whichever server carries it: a Next.js route handler (a Fetch
 * `Request`, see fromFetchRequest) or the web server's direct path for the submission routes (a Node request, see
 * lib/http/serve-api-endpoint.ts). The submission endpoints are written against this, not against `Request`:
 * building Fetch objects for each request was a quarter of the server's CPU per message (bench/RESULTS.md, run 6).
 */
export type ApiRequest = {
  /** A request header by lower-case name, or null. */
  header(name: string): string | null;
  /** The whole body, refused (413) past `maxBytes`: by Content-Length first, then by counting what arrives. */
  readBody(maxBytes: number): Promise<Buffer>;
};

/** A JSON answer: `body` is serialised as it is. */
export type ApiAnswer = { status: number; body: unknown; headers?: Record<string, string> };

export type ApiEndpoint = (request: ApiRequest) => Promise<ApiAnswer>;

export function fromFetchRequest(request: Request): ApiRequest {
  return { header: (name) => request.headers.get(name), readBody: (maxBytes) => readBodyBytes(request, maxBytes) };
}

/** An endpoint as a Next.js route handler. */
export function asRouteHandler(endpoint: ApiEndpoint): (request: Request) => Promise<Response> {
  return async (request) => {
    const { status, body, headers } = await endpoint(fromFetchRequest(request));
    return Response.json(body, { status, headers });
  };
}
