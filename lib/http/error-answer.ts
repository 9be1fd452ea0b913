import { toAppError, type ErrorCode, type FieldErrors } from "../platform/errors";

export type ErrorBody = { error: { code: ErrorCode; message: string; fields?: FieldErrors } };

/** The one error → HTTP mapper: `{ error: { code, message, fields? } }` with the matching status. */
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
