import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { toHttpResponse } from "@/lib/http/error-answer";
import { AppError } from "@/lib/platform/errors";

export const dynamic = "force-dynamic";

/** Any /api path no route serves: a JSON 404 in the API's error shape instead of Next's HTML not-found page. */
async function answerUnknownPath(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  return toHttpResponse(new AppError("not_found", `There is no API endpoint at ${path}; see /api/v1/openapi.json.`));
}

export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({
  GET: answerUnknownPath,
  POST: answerUnknownPath,
  PUT: answerUnknownPath,
  DELETE: answerUnknownPath,
  PATCH: answerUnknownPath,
});
