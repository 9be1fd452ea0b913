import { verifyWorkerToken } from "@/lib/http/verify-worker-token";
import { AppError } from "@/lib/platform/errors";
import { toHttpResponse } from "@/lib/http/error-answer";
import { drainQueue } from "@/lib/engine/queue/drain-queue";
import { workerDrainInputSchema } from "@/lib/validation/worker-drain";

export const dynamic = "force-dynamic";

/** Drains the queue once, for deployments that trigger delivery from cron or an external scheduler. */
export async function POST(request: Request): Promise<Response> {
  try {
    verifyWorkerToken(request);
    const input = workerDrainInputSchema.parse(await readJsonBody(request));
    const result = await drainQueue({ maxMessages: input.maxMessages, maxMs: input.maxMs, workerId: "http" });
    return Response.json(result);
  } catch (error) {
    return toHttpResponse(error);
  }
}

/** An empty body means "use the defaults". */
async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The body must be JSON.");
  }
}
