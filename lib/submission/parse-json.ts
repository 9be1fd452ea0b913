import { AppError } from "../platform/errors";
import { parseJsonText } from "../platform/parse-json-text";

/** JSON.parse with a 400 instead of a SyntaxError, and for a member named `__proto__` (parseJsonText). */
export function parseJson(text: string): unknown {
  if (!text.trim()) throw new AppError("bad_request", "The request body is empty; send a JSON object.");
  try {
    return parseJsonText(text);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request", `The request body is not valid JSON: ${(error as Error).message}`);
  }
}
