import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { answerBulkAction, answerCancelBulkAction } from "@/lib/http/admin-api/queue-action-endpoints";

export const dynamic = "force-dynamic";

/** A bulk queue action's progress (GET) and its cancellation (DELETE), for admins. */
export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ GET: answerBulkAction, DELETE: answerCancelBulkAction });
