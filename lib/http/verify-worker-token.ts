import { createHash, timingSafeEqual } from "node:crypto";
import { getEnv } from "../platform/env";
import { AppError } from "../platform/errors";

/**
 * Checks `Authorization: Bearer <OUTGATE_WORKER_TOKEN>` in constant time (both sides hashed first, so even the
 * length leaks nothing). With no token configured every caller is refused: the trigger is off.
 */
export function verifyWorkerToken(request: Request): void {
  const expected = getEnv().OUTGATE_WORKER_TOKEN;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (!expected || !match || !timingSafeEqual(digest(match[1]), digest(expected))) {
    throw new AppError("unauthorized", "A valid worker token is required.");
  }
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
