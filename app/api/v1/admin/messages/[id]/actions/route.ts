import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { answerMessageAction } from "@/lib/http/admin-api/queue-action-endpoints";

export const dynamic = "force-dynamic";

/** Retry now, hold, release, delete, bounce or move one message (admins). See lib/http/admin-api/queue-action-endpoints.ts. */
export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ POST: answerMessageAction });
