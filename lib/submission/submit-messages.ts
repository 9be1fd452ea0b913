import type { AuthenticatedApiKey } from "../console/api-keys/authenticate-api-key";
import { parseJson } from "./parse-json";
import { AppError, fieldErrorsFromZod, toAppError } from "../platform/errors";
import { submitBatchSchema } from "../validation/submit-batch";
import type { BatchItemResult } from "../validation/submission-answers";
import { hashRequest, normaliseIdempotencyKey, submitParsedMessage, type HttpArrival } from "./submit-message";

/**
 * POST /api/v1/messages/batch: many messages in one request. Each item goes through exactly the checks of a single
 * submission (validation, hosted sender domain, key's allow-list, size, its own Idempotency-Key) and is answered on
 * its own, in the order of the request; the accepted ones share the queue's group commit (committed before the answer
 * is sent), so a batch costs one HTTP round trip and a few commits instead of one of each per message.
 */
export async function submitMessages({ apiKey, body, arrival }: { apiKey: AuthenticatedApiKey; body: string; arrival: HttpArrival }): Promise<BatchItemResult[]> {
  const parsed = submitBatchSchema.safeParse(parseJson(body));
  if (!parsed.success) throw new AppError("validation_failed", "The batch is invalid.", fieldErrorsFromZod(parsed.error));
  return Promise.all(parsed.data.messages.map((item) => submitItem(apiKey, item, arrival)));
}

async function submitItem(apiKey: AuthenticatedApiKey, item: unknown, arrival: HttpArrival): Promise<BatchItemResult> {
  try {
    const { idempotencyKey, payload } = splitIdempotencyKey(item);
    const idempotency = idempotencyKey ? { key: idempotencyKey, requestHash: hashRequest(JSON.stringify(payload)) } : null;
    const message = await submitParsedMessage({ apiKey, idempotency, readPayload: () => payload, arrival });
    return { ok: true, message };
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === "internal") console.error("[outgate] batch item failed", error);
    const fields = appError.fields ? { fields: appError.fields } : {};
    return { ok: false, status: appError.status, error: { code: appError.code, message: appError.message, ...fields } };
  }
}

/** An item's `idempotencyKey` is not part of the message: it is taken off before the message is validated. */
function splitIdempotencyKey(item: unknown): { idempotencyKey: string | null; payload: unknown } {
  if (!item || typeof item !== "object" || Array.isArray(item) || !("idempotencyKey" in item)) return { idempotencyKey: null, payload: item };
  const { idempotencyKey, ...payload } = item as { idempotencyKey: unknown };
  if (typeof idempotencyKey !== "string") {
    throw new AppError("validation_failed", "Some fields are invalid.", { idempotencyKey: ["The idempotency key must be text."] });
  }
  return { idempotencyKey: normaliseIdempotencyKey(idempotencyKey, "The idempotency key"), payload };
}
