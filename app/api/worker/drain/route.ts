import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { drainQueue } from "@/lib/engine/queue/drain-queue";
import { fromFetchRequest } from "@/lib/http/api-request";
import { readJsonBody } from "@/lib/http/read-json-body";
import { workerTokenRoute } from "@/lib/http/worker-token-route";
import { workerDrainInputSchema } from "@/lib/validation/worker-drain";

export const dynamic = "force-dynamic";

/** The body carries two small numbers (lib/validation/worker-drain.ts); anything larger is refused unread (413). */
const MAX_BODY_BYTES = 4 * 1024;

/** Drains the queue once, for deployments that trigger delivery from cron or an external scheduler. */
const answerDrain = workerTokenRoute(async (request) => {
  // An empty body means "use the defaults".
  const body = await readJsonBody(fromFetchRequest(request), { maxBytes: MAX_BODY_BYTES, whenEmpty: {} });
  const input = workerDrainInputSchema.parse(body);
  const result = await drainQueue({ maxMessages: input.maxMessages, maxMs: input.maxMs, workerId: "http" });
  return Response.json(result);
});

export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ POST: answerDrain });
