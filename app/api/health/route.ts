import { getDb } from "@/lib/db";
import { toHttpResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** Public liveness + database check for load balancers; reveals nothing but up/down. */
export async function GET() {
  try {
    await getDb().$queryRaw`SELECT 1`;
    return Response.json({ status: "ok" });
  } catch (error) {
    return toHttpResponse(error);
  }
}
