import { asRouteHandler } from "@/lib/api/api-request";
import { answerSubmitMessage } from "@/lib/api/submission-endpoints";

export const dynamic = "force-dynamic";

/** Queues a message: 202 once it is committed. See lib/api/submission-endpoints.ts. */
export const POST = asRouteHandler(answerSubmitMessage);
