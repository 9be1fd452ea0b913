import { getEnv } from "../platform/env";
import { metrics } from "../platform/metrics-registry";
import { submitMessage } from "../submission/submit-message";
import { submitMessages } from "../submission/submit-messages";
import type { BatchAnswer, BatchItemResult } from "../validation/submission-answers";
import { answerWithApiKey } from "./api-key-route";
import type { ApiAnswer, ApiRequest } from "./api-request";
import { readHttpArrival } from "./read-http-arrival";
import { readJsonBodyText } from "./read-json-body";

/**
 * The two submission endpoints, POST /api/v1/messages and /api/v1/messages/batch. Their route.ts files serve them
 * through Next; scripts/web-server.ts serves the same functions straight from Node, the product's hot path.
 * Their answers are typed by the schemas in lib/validation/submission-answers.ts, which lib/http/openapi.ts publishes.
 */

/** Base64 grows content by 4/3; the JSON around it gets a fixed allowance on top. */
const MESSAGE_JSON_OVERHEAD_BYTES = 256 * 1024;
const BATCH_JSON_OVERHEAD_BYTES = 1024 * 1024;

/** Queues a message: 202 once it is committed. */
export function answerSubmitMessage(request: ApiRequest): Promise<ApiAnswer> {
  return countAnswer("message", answerWithApiKey(request, async (apiKey) => {
    const body = await readJsonBodyText(request, { maxBytes: base64Limit() + MESSAGE_JSON_OVERHEAD_BYTES });
    const message = await submitMessage({ apiKey, body, idempotencyKey: request.header("idempotency-key"), arrival: readHttpArrival(request.header) });
    return { status: 202, body: message, headers: { Location: `/api/v1/messages/${message.id}` } };
  }));
}

/**
 * Queues up to 500 messages: 202 when every one was committed, 207 when some were refused (each result says which
 * and why; the accepted ones are committed). A whole batch is limited to the size of one largest message.
 */
export function answerSubmitBatch(request: ApiRequest): Promise<ApiAnswer> {
  return countAnswer("batch", answerWithApiKey(request, async (apiKey) => {
    const body = await readJsonBodyText(request, { maxBytes: base64Limit() + BATCH_JSON_OVERHEAD_BYTES });
    const results = await submitMessages({ apiKey, body, arrival: readHttpArrival(request.header) });
    const accepted = results.filter((result) => result.ok).length;
    const answer: BatchAnswer = { accepted, rejected: results.length - accepted, results };
    return { status: batchStatus(results, accepted), body: answer };
  }));
}

/** Every answer of both endpoints passes here (answerWithApiKey maps every error to one): outgate_submission_requests_total. */
async function countAnswer(endpoint: "message" | "batch", answer: Promise<ApiAnswer>): Promise<ApiAnswer> {
  const settled = await answer;
  metrics.submissionRequests.inc({ endpoint, status: String(settled.status) });
  return settled;
}

function base64Limit(): number {
  return Math.ceil((getEnv().OUTGATE_MAX_MESSAGE_BYTES * 4) / 3);
}

/** 202: all committed. 503: nothing was, the database is down (retry the whole batch). 207: read each result. */
function batchStatus(results: BatchItemResult[], accepted: number): number {
  if (accepted === results.length) return 202;
  if (accepted === 0 && results.every((result) => !result.ok && result.status === 503)) return 503;
  return 207;
}
