import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { getDb } from "@/lib/platform/db";
import { toHttpResponse } from "@/lib/http/error-answer";

export const dynamic = "force-dynamic";

/** Public liveness + database check for load balancers; reveals nothing but up/down. */
async function answerHealth() {
  try {
    await getDb().$queryRaw`SELECT 1`;
    return Response.json({ status: "ok" });
  } catch (error) {
    return toHttpResponse(error);
  }
}

export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ GET: answerHealth });
