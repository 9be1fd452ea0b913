import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { asRouteHandler } from "@/lib/http/api-request";
import { answerSubmitMessage } from "@/lib/http/submission-endpoints";

export const dynamic = "force-dynamic";

/** Queues a message: 202 once it is committed. See lib/http/submission-endpoints.ts. */
export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ POST: asRouteHandler(answerSubmitMessage) });
