import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { answerStartBulkAction } from "@/lib/http/admin-api/queue-action-endpoints";

export const dynamic = "force-dynamic";

/** Starts a bulk queue action over a selection or a filter (admins). See lib/http/queue-action-endpoints.ts. */
export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ POST: answerStartBulkAction });
