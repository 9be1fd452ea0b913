import { answerRefreshToken } from "@/lib/http/smartermail-api/authenticate-user";

export const dynamic = "force-dynamic";

/** SmarterMail-compatible token renewal. */
export const POST = answerRefreshToken;
