import { toAppError } from "../platform/errors";
import type { ErrorBody } from "../validation/error-body";

/**
 * The one error → HTTP mapper: `{ error: { code, message, fields? } }` with the matching status. The body is typed by
 * the documented schema (lib/validation/error-body.ts), so an error code missing from the API description fails to compile.
 */
export function toErrorAnswer(error: unknown): { status: number; body: ErrorBody } {
  const appError = toAppError(error);
  if (appError.code === "internal") console.error("[outgate] unhandled error", error);
  const body = { error: { code: appError.code, message: appError.message, ...(appError.fields ? { fields: appError.fields } : {}) } };
  return { status: appError.status, body };
}

/** toErrorAnswer as a Fetch Response, for route handlers. */
export function toHttpResponse(error: unknown, headers?: HeadersInit): Response {
  const { status, body } = toErrorAnswer(error);
  return Response.json(body, { status, headers });
}
