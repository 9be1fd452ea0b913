import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { answerRefreshToken } from "@/lib/http/smartermail-api/authenticate-user";

export const dynamic = "force-dynamic";

/** SmarterMail-compatible token renewal. */
export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ POST: answerRefreshToken });
