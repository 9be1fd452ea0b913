import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { answerRouteExplain } from "@/lib/http/admin-api/route-explain-endpoint";

export const dynamic = "force-dynamic";

/** "Why this gateway?" for a sender (admins). See lib/http/admin-api/route-explain-endpoint.ts. */
export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ GET: answerRouteExplain });
