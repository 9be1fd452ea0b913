import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { answerAuthenticateUser } from "@/lib/http/smartermail-api/authenticate-user";

export const dynamic = "force-dynamic";

/** SmarterMail-compatible login, so another Outgate can use this one as its SmarterMail gateway. */
export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ POST: answerAuthenticateUser });
