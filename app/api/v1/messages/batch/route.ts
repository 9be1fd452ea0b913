import { asRouteHandler } from "@/lib/http/api-request";
import { answerSubmitBatch } from "@/lib/http/submission-endpoints";

export const dynamic = "force-dynamic";

/** Queues up to 500 messages, each answered on its own. See lib/http/submission-endpoints.ts. */
export const POST = asRouteHandler(answerSubmitBatch);
