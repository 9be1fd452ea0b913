import { AppError } from "../../platform/errors";
import { toHttpResponse } from "../error-answer";
import { readBearerToken } from "../read-bearer-token";
import { verifyApiToken } from "../smartermail-api/api-tokens";

type RouteContext<P> = { params: Promise<P> };
type AdminApiHandler<P> = (request: Request, context: { admin: { id: string; email: string }; params: P }) => Promise<Response>;

/**
 * Wraps an admin route of Outgate's own API (/api/v1/admin/…): an admin's access token (POST
 * /api/v1/auth/authenticate-user, then Authorization: Bearer) first, else 401; every failure after that through the
 * one error mapper, as Outgate's JSON error (not the SmarterMail-shaped answer of adminTokenRoute).
 */
export function adminApiRoute<P = Record<string, never>>(handler: AdminApiHandler<P>) {
  return async (request: Request, context?: RouteContext<P>): Promise<Response> => {
    try {
      const token = readBearerToken(request.headers.get("authorization"));
      const admin = token ? await verifyApiToken(token, "access") : null;
      if (!admin) throw new AppError("unauthorized", "Send an admin's access token as 'Authorization: Bearer …' (POST /api/v1/auth/authenticate-user).");
      const params = (context ? await context.params : {}) as P;
      return await handler(request, { admin, params });
    } catch (error) {
      return toHttpResponse(error);
    }
  };
}
