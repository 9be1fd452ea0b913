import { AppError } from "../platform/errors";

/** JSON.parse with a 400 instead of a SyntaxError. */
export function parseJson(text: string): unknown {
  if (!text.trim()) throw new AppError("bad_request", "The request body is empty; send a JSON object.");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("bad_request", `The request body is not valid JSON: ${(error as Error).message}`);
  }
}
