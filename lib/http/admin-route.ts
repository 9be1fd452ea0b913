import { AppError } from "../platform/errors";
import { toHttpResponse } from "./error-answer";
import { getAdminSession, type AdminSession } from "./get-admin-session";

type Handler = (request: Request, context: { admin: AdminSession }) => Promise<Response>;

/** Wraps a console route handler: the admin session first (401 without), every failure through the one mapper. */
export function adminRoute(handler: Handler): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      const admin = await getAdminSession();
      if (!admin) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
      return await handler(request, { admin });
    } catch (error) {
      return toHttpResponse(error);
    }
  };
}
