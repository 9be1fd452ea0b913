import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { buildOpenApiDocument } from "@/lib/http/openapi";
import { getEnv } from "@/lib/platform/env";

// The document shows this installation's limits, read from the environment at run time, not at build time.
export const dynamic = "force-dynamic";

/** Public: the API description holds no secrets. */
function answerOpenApiDocument() {
  const env = getEnv();
  const document = buildOpenApiDocument({ maxRecipients: env.OUTGATE_MAX_RECIPIENTS, maxMessageBytes: env.OUTGATE_MAX_MESSAGE_BYTES });
  return Response.json(document, { headers: { "Cache-Control": "public, max-age=300" } });
}

export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ GET: answerOpenApiDocument });
