import { createHash, timingSafeEqual } from "node:crypto";
import { getEnv } from "../platform/env";
import { AppError } from "../platform/errors";
import { toHttpResponse } from "./error-answer";
import { readBearerToken } from "./read-bearer-token";

/**
 * Wraps the worker trigger (POST /api/worker/drain): `Authorization: Bearer <OUTGATE_WORKER_TOKEN>` first (401
 * without), every failure through the one mapper. With no token configured every caller is refused: the trigger is off.
 */
export function workerTokenRoute(handler: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      assertWorkerToken(readBearerToken(request.headers.get("authorization")));
      return await handler(request);
    } catch (error) {
      return toHttpResponse(error);
    }
  };
}

/** Compared in constant time, both sides hashed first so that even the length leaks nothing. */
function assertWorkerToken(token: string | null): void {
  const expected = getEnv().OUTGATE_WORKER_TOKEN;
  if (!expected || !token || !timingSafeEqual(digest(token), digest(expected))) {
    throw new AppError("unauthorized", "A valid worker token is required.");
  }
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
