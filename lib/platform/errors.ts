import type { FieldErrors } from "../validation/field-errors";
import { ZodError } from "zod";

export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unprocessable"
  | "rate_limited"
  | "unavailable"
  | "internal";

export type { FieldErrors };

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** An error the user may see: its message is safe to show and its code decides the HTTP status. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export function fieldErrorsFromZod(error: ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

const DATABASE_DOWN_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "57P01", "57P03", "08006", "08001", "08003"]);
// node-postgres reports a lost or broken connection with these messages and no code; Prisma passes them through.
const CONNECTION_LOST_MESSAGE =
  /^(Connection terminated|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect)/;

/** Turns anything thrown into an AppError; unknown errors become a generic "internal" (logged by the caller). */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    return new AppError("validation_failed", "Some fields are invalid.", fieldErrorsFromZod(error));
  }
  const code = (error as { code?: string } | null)?.code;
  if (code === "P2002") return new AppError("conflict", "A record with these values already exists.");
  if (code === "P2025") return new AppError("not_found", "The record no longer exists.");
  if (code === "P2003") return new AppError("conflict", "The record is still in use.");
  if (isDatabaseUnavailable(error)) return new AppError("unavailable", "The database is unavailable; try again shortly.");
  return new AppError("internal", "Something went wrong on our side.");
}

export function isDatabaseUnavailable(error: unknown): boolean {
  // Prisma's own codes for an unreachable server / timed-out pool (P1001, P1002, P1017, P2024); with a
  // driver adapter the adapter's error rides along in meta.driverAdapterError.
  const prismaDownCodes = new Set(["P1001", "P1002", "P1017", "P2024"]);
  const fromAdapter = (error as { meta?: { driverAdapterError?: unknown } } | null)?.meta?.driverAdapterError;
  if (fromAdapter && isDatabaseUnavailable(fromAdapter)) return true;
  for (let current = error as { code?: string; cause?: unknown } | undefined, depth = 0; current && depth < 5; depth++) {
    if (current.code && (DATABASE_DOWN_CODES.has(current.code) || prismaDownCodes.has(current.code))) return true;
    if (current instanceof Error && CONNECTION_LOST_MESSAGE.test(current.message)) return true;
    if (typeof current === "object" && "name" in current && current.name === "DriverAdapterError") {
      const kind = (current as { cause?: { kind?: string } }).cause?.kind;
      if (kind === "DatabaseNotReachable" || kind === "ConnectionClosed") return true;
    }
    current = current.cause as typeof current;
  }
  return false;
}
