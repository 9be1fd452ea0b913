import { answerRefreshToken } from "@/lib/smartermail-api/authenticate-user";

export const dynamic = "force-dynamic";

/** SmarterMail-compatible token renewal. */
export const POST = answerRefreshToken;
