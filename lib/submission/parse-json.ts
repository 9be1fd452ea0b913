import { AppError } from "../platform/errors";

/**
 * JSON.parse with a 400 instead of a SyntaxError. A member named `__proto__` (also when written with \u escapes) is
 * refused with a 400 too: JSON.parse keeps it as an own property, but any object copy or zod record drops it (it
 * sets the prototype), so a header or field of that name would vanish without a word. The reviver that finds it
 * runs only for bodies that could hold one, so the common body pays two substring tests.
 */
export function parseJson(text: string): unknown {
  if (!text.trim()) throw new AppError("bad_request", "The request body is empty; send a JSON object.");
  let value: unknown;
  try {
    value = text.includes("__proto__") || text.includes("\\u") ? JSON.parse(text, refuseProtoKey) : JSON.parse(text);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request", `The request body is not valid JSON: ${(error as Error).message}`);
  }
  return value;
}

function refuseProtoKey(key: string, value: unknown): unknown {
  if (key === "__proto__") throw new AppError("bad_request", 'The request body has a member named "__proto__", which no field or header may be called.');
  return value;
}
