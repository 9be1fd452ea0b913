import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { answerCountBulkAction } from "@/lib/http/admin-api/queue-action-endpoints";

export const dynamic = "force-dynamic";

/** How many messages a bulk queue action would touch (admins). */
export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ POST: answerCountBulkAction });
