import { apiKeyRoute } from "@/lib/api/api-key-route";
import { readJsonBodyText } from "@/lib/api/read-json-body";
import { getEnv } from "@/lib/env";
import { submitMessages } from "@/lib/messages/submit-messages";

export const dynamic = "force-dynamic";

/** Base64 grows content by 4/3; the JSON around the messages gets a fixed allowance on top. */
const JSON_OVERHEAD_BYTES = 1024 * 1024;

/** 202: all committed. 503: nothing was, the database is down (retry the whole batch). 207: read each result. */
function batchStatus(results: Awaited<ReturnType<typeof submitMessages>>, accepted: number): number {
  if (accepted === results.length) return 202;
  if (accepted === 0 && results.every((result) => !result.ok && result.status === 503)) return 503;
  return 207;
}

/**
 * Queues up to 500 messages: 202 when every one was committed, 207 when some were refused (each result says which
 * and why; the accepted ones are committed). A whole batch is limited to the size of one largest message.
 */
export const POST = apiKeyRoute(async (request, { apiKey }) => {
  const maxBytes = Math.ceil((getEnv().OUTGATE_MAX_MESSAGE_BYTES * 4) / 3) + JSON_OVERHEAD_BYTES;
  const body = await readJsonBodyText(request, { maxBytes });
  const results = await submitMessages({ apiKey, body });
  const accepted = results.filter((result) => result.ok).length;
  return Response.json({ accepted, rejected: results.length - accepted, results }, { status: batchStatus(results, accepted) });
});
