import { AppError } from "../platform/errors";
import { parseJsonText } from "../platform/parse-json-text";
import type { ApiRequest } from "./api-request";

/**
 * The one way a JSON request body is read: never more than `maxBytes` (413 by Content-Length, then by counting what
 * arrives — see ApiRequest.readBody), and decoded as strict UTF-8 (RFC 8259 §8.1), so invalid bytes are a 400
 * rather than a silently mangled string.
 */

/**
 * The body of a submission as text, for the endpoint to parse: 415 for anything but application/json, 413 over
 * `maxBytes`, 400 when empty or not UTF-8.
 */
export async function readJsonBodyText(request: ApiRequest, { maxBytes }: { maxBytes: number }): Promise<string> {
  const mediaType = (request.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (mediaType !== "application/json") {
    throw new AppError("unsupported_media_type", "Send the message as JSON with 'Content-Type: application/json'.");
  }
  const text = await readUtf8Body(request, maxBytes);
  if (text.length === 0) throw new AppError("bad_request", "The request body is empty.");
  return text;
}

/**
 * The body parsed as JSON, whatever its Content-Type: 413 over `maxBytes`, 400 when it is not UTF-8 or not JSON (or
 * has a member named `__proto__`, parseJsonText).
 * An empty (or all-whitespace) body is `whenEmpty` when one is given, else a 400.
 */
export async function readJsonBody(request: ApiRequest, { maxBytes, whenEmpty }: { maxBytes: number; whenEmpty?: unknown }): Promise<unknown> {
  const text = await readUtf8Body(request, maxBytes);
  if (!text.trim()) {
    if (whenEmpty !== undefined) return whenEmpty;
    throw new AppError("bad_request", "The request body is empty.");
  }
  try {
    return parseJsonText(text);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request", "The body must be JSON.");
  }
}

async function readUtf8Body(request: ApiRequest, maxBytes: number): Promise<string> {
  const bytes = await request.readBody(maxBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("bad_request", "The request body is not valid UTF-8.");
  }
}
