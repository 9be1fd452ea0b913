import { readBodyBytes } from "../read-body-bytes";

/** Login bodies are a few hundred bytes; a larger one is not a login and is not read whole. */
const MAX_BYTES = 16 * 1024;

/** The request body as JSON, or undefined when it is absent, too large or not JSON (the caller answers 400). */
export async function readSmallJson(request: Request): Promise<unknown> {
  try {
    return JSON.parse((await readBodyBytes(request, MAX_BYTES)).toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}
