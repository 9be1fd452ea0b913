import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { asRouteHandler } from "@/lib/http/api-request";
import { answerSubmitBatch } from "@/lib/http/submission-endpoints";

export const dynamic = "force-dynamic";

/** Queues up to 500 messages, each answered on its own. See lib/http/submission-endpoints.ts. */
export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ POST: asRouteHandler(answerSubmitBatch) });
