import { AppError } from "./errors";

/**
 * JSON.parse for request bodies. A member named `__proto__` (also when written with \u escapes) is refused with a 400
 * (AppError "bad_request"): JSON.parse keeps it as an own property, but an object copy or a zod record drops it (it
 * sets the prototype), so a header or field of that name would vanish without a word. The reviver that finds it runs
 * only for bodies that could hold one, so the common body pays two substring tests. Throws SyntaxError for what is
 * not JSON (each caller words that 400 its own way).
 */
export function parseJsonText(text: string): unknown {
  return text.includes("__proto__") || text.includes("\\u") ? JSON.parse(text, refuseProtoKey) : JSON.parse(text);
}

function refuseProtoKey(key: string, value: unknown): unknown {
  if (key === "__proto__") throw new AppError("bad_request", 'The request body has a member named "__proto__", which no field or header may be called.');
  return value;
}
