import { authenticateApiKey, type AuthenticatedApiKey } from "../api-keys/authenticate-api-key";
import { toAppError, toHttpResponse } from "../errors";

type RouteContext<P> = { params: Promise<P> };
type ApiKeyHandler<P> = (request: Request, context: { apiKey: AuthenticatedApiKey; params: P }) => Promise<Response>;

/**
 * Wraps a public API route: the Bearer key is checked first, then the handler runs; anything thrown
 * becomes the JSON error of toHttpResponse (never a bare 500 page). 401s carry `WWW-Authenticate: Bearer`
 * (RFC 6750 §3).
 */
export function apiKeyRoute<P = Record<string, never>>(handler: ApiKeyHandler<P>) {
  return async (request: Request, context?: RouteContext<P>): Promise<Response> => {
    try {
      const apiKey = await authenticateApiKey(request.headers.get("authorization"));
      const params = (context ? await context.params : {}) as P;
      return await handler(request, { apiKey, params });
    } catch (error) {
      const appError = toAppError(error);
      const headers: HeadersInit | undefined =
        appError.code === "unauthorized" ? { "WWW-Authenticate": 'Bearer realm="outgate"' } : undefined;
      return toHttpResponse(error, headers);
    }
  };
}
