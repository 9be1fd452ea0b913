import { AppError } from "../platform/errors";
import type { ApiRequest } from "./api-request";

/**
 * Reads a JSON request body as text, refusing (415) anything but application/json and (413) anything over
 * `maxBytes`. Invalid UTF-8 is a 400, not a silently mangled string.
 */
export async function readJsonBodyText(request: ApiRequest, { maxBytes }: { maxBytes: number }): Promise<string> {
  const mediaType = (request.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (mediaType !== "application/json") {
    throw new AppError("unsupported_media_type", "Send the message as JSON with 'Content-Type: application/json'.");
  }
  const bytes = await request.readBody(maxBytes);
  if (bytes.byteLength === 0) throw new AppError("bad_request", "The request body is empty.");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("bad_request", "The request body is not valid UTF-8.");
  }
}
