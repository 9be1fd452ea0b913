import { authenticateApiKey, type AuthenticatedApiKey } from "../console/api-keys/authenticate-api-key";
import { AppError } from "../platform/errors";
import { RateLimitedError } from "../platform/rate-limited-error";
import { toErrorAnswer } from "./error-answer";
import type { ApiAnswer, ApiRequest } from "./api-request";
import { readBearerToken } from "./read-bearer-token";
import { logAuthFailure } from "../platform/log";
import { readClientIp, type HeaderReader } from "./read-client-ip";
import type { ErrorBody } from "../validation/error-body";

type RouteContext<P> = { params: Promise<P> };
type ApiKeyHandler<P> = (request: Request, context: { apiKey: AuthenticatedApiKey; params: P }) => Promise<Response>;

/**
 * Wraps a public API route: the Bearer key is checked first, then the handler runs; anything thrown
 * becomes the JSON error of toErrorAnswer (never a bare 500 page).
 */
export function apiKeyRoute<P = Record<string, never>>(handler: ApiKeyHandler<P>) {
  return async (request: Request, context?: RouteContext<P>): Promise<Response> => {
    try {
      const apiKey = await authenticateBearerKey(request.headers.get("authorization"));
      const params = (context ? await context.params : {}) as P;
      return await handler(request, { apiKey, params });
    } catch (error) {
      const { status, body, headers } = apiErrorAnswer(error, (name) => request.headers.get(name));
      return Response.json(body, { status, headers });
    }
  };
}

/** apiKeyRoute for an endpoint written against ApiRequest (the submission routes, served by Next and the web server). */
export async function answerWithApiKey(request: ApiRequest, handler: (apiKey: AuthenticatedApiKey) => Promise<ApiAnswer>): Promise<ApiAnswer> {
  try {
    return await handler(await authenticateBearerKey(request.header("authorization")));
  } catch (error) {
    return apiErrorAnswer(error, request.header);
  }
}

/** The API key an Authorization header carries; AppError "unauthorized" without one (see authenticateApiKey). */
function authenticateBearerKey(authorization: string | null): Promise<AuthenticatedApiKey> {
  const token = readBearerToken(authorization);
  if (!token) throw new AppError("unauthorized", "Send your API key as 'Authorization: Bearer og_...'.");
  return authenticateApiKey(token);
}

/** 401s carry `WWW-Authenticate: Bearer` (RFC 6750 §3); a sending limit's 429 carries `Retry-After` (RFC 9110 §10.2.3). */
function apiErrorAnswer(error: unknown, header: HeaderReader): ApiAnswer {
  const answer: ApiAnswer = toErrorAnswer(error);
  if (answer.status === 401) {
    answer.headers = { "WWW-Authenticate": 'Bearer realm="outgate"' };
    logAuthFailure({ service: "api", client: readClientIp(header), reason: (answer.body as ErrorBody).error.message });
  }
  if (error instanceof RateLimitedError) answer.headers = { "Retry-After": String(error.retryAfterSeconds) };
  return answer;
}
