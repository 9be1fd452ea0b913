import { answerAuthenticateUser } from "@/lib/http/smartermail-api/authenticate-user";

export const dynamic = "force-dynamic";

/** SmarterMail-compatible login, so another Outgate can use this one as its SmarterMail gateway. */
export const POST = answerAuthenticateUser;
