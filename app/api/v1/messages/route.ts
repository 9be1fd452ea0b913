import { apiKeyRoute } from "@/lib/api/api-key-route";
import { readJsonBodyText } from "@/lib/api/read-json-body";
import { getEnv } from "@/lib/env";
import { submitMessage } from "@/lib/messages/submit-message";

export const dynamic = "force-dynamic";

/** Base64 grows content by 4/3; the JSON around it gets a fixed allowance on top. */
const JSON_OVERHEAD_BYTES = 256 * 1024;

/** Queues a message: 202 once it is committed. See lib/api/openapi.ts for the request shape. */
export const POST = apiKeyRoute(async (request, { apiKey }) => {
  const maxBytes = Math.ceil((getEnv().OUTGATE_MAX_MESSAGE_BYTES * 4) / 3) + JSON_OVERHEAD_BYTES;
  const body = await readJsonBodyText(request, { maxBytes });
  const message = await submitMessage({ apiKey, body, idempotencyKey: request.headers.get("idempotency-key") });
  return Response.json(message, { status: 202, headers: { Location: `/api/v1/messages/${message.id}` } });
});
