import { asRouteHandler } from "@/lib/api/api-request";
import { answerSubmitBatch } from "@/lib/api/submission-endpoints";

export const dynamic = "force-dynamic";

/** Queues up to 500 messages, each answered on its own. See lib/api/submission-endpoints.ts. */
export const POST = asRouteHandler(answerSubmitBatch);
