import { toHttpResponse } from "../error-answer";
import { readBearerToken } from "../read-bearer-token";
import { verifyApiToken } from "./api-tokens";
import { deniedAnswer } from "./answers";

type Handler = (request: Request, context: { admin: { id: string; email: string } }) => Promise<Response>;

/**
 * Wraps a route of the SmarterMail-compatible API: a valid access token (Authorization: Bearer) of an
 * existing admin first, else 401; any failure after that goes through the one error mapper.
 */
export function adminTokenRoute(handler: Handler): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      const token = readBearerToken(request.headers.get("authorization"));
      const admin = token ? await verifyApiToken(token, "access") : null;
      if (!admin) return deniedAnswer();
      return await handler(request, { admin });
    } catch (error) {
      return toHttpResponse(error);
    }
  };
}
