import { fromFetchRequest } from "../api-request";
import { readJsonBody } from "../read-json-body";

/** Login bodies are a few hundred bytes; a larger one is not a login and is not read whole. */
const MAX_BYTES = 16 * 1024;

/** The request body as JSON, or undefined when it is absent, too large or not JSON (the caller answers 400). */
export function readSmallJson(request: Request): Promise<unknown> {
  return readJsonBody(fromFetchRequest(request), { maxBytes: MAX_BYTES }).catch(() => undefined);
}
