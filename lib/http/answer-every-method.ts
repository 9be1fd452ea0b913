import { AppError } from "../platform/errors";
import { toHttpResponse } from "./error-answer";

/** The methods Next.js routes (next/dist/server/web/http.js HTTP_METHODS). */
const METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"] as const;
type Method = (typeof METHODS)[number];
/** A route's own handler; Next passes (request, { params }) and its types are kept in the result. */
type Handler = (...args: never[]) => unknown;
/** The handlers made here only need the request; typed so Next's route type check accepts them. */
type MadeHandler = (request: Request) => Promise<Response>;

/** Marks the handlers answerEveryMethod made, so the authorization sweep can tell them from real ones. */
export const REFUSES_METHOD = Symbol.for("outgate.refusesMethod");

/**
 * A route's handlers for every method Next routes: the given ones, HEAD from GET, OPTIONS (204) and for the rest a
 * JSON 405 naming the allowed methods in `Allow` (RFC 9110 §15.5.6). Next's own 405 has an empty body and no Allow.
 * Use: `export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ GET: … });`
 */
export function answerEveryMethod<Given extends Partial<Record<Method, Handler>>>(given: Given): Given & Record<Exclude<Method, keyof Given>, MadeHandler> {
  const implemented = new Set<Method>(METHODS.filter((method) => given[method]));
  if (implemented.has("GET")) implemented.add("HEAD");
  implemented.add("OPTIONS");
  const allow = [...implemented].sort().join(", ");
  const refuse = Object.assign(
    async (request: Request) => toHttpResponse(new AppError("method_not_allowed", `${request.method} is not allowed here; use ${allow}.`), { Allow: allow }),
    { [REFUSES_METHOD]: true },
  );
  const handlers: Record<string, unknown> = Object.fromEntries(METHODS.map((method) => [method, given[method] ?? refuse]));
  if (!given.HEAD && given.GET) handlers.HEAD = given.GET;
  if (!given.OPTIONS) handlers.OPTIONS = async () => new Response(null, { status: 204, headers: { Allow: allow } });
  return handlers as Given & Record<Exclude<Method, keyof Given>, MadeHandler>;
}
