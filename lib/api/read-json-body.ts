import { AppError } from "../errors";

/**
 * Reads a JSON request body as text, refusing (415) anything but application/json and (413) anything over
 * `maxBytes` — by Content-Length first, then by counting the bytes actually read, since Content-Length can lie
 * or be absent (chunked). Invalid UTF-8 is a 400, not a silently mangled string.
 */
export async function readJsonBodyText(request: Request, { maxBytes }: { maxBytes: number }): Promise<string> {
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (mediaType !== "application/json") {
    throw new AppError("unsupported_media_type", "Send the message as JSON with 'Content-Type: application/json'.");
  }
  const tooLarge = () => new AppError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`);
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) throw new AppError("bad_request", "The request body is empty.");

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks, total));
  } catch {
    throw new AppError("bad_request", "The request body is not valid UTF-8.");
  }
}

/** JSON.parse with a 400 instead of a SyntaxError. */
export function parseJson(text: string): unknown {
  if (!text.trim()) throw new AppError("bad_request", "The request body is empty; send a JSON object.");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("bad_request", `The request body is not valid JSON: ${(error as Error).message}`);
  }
}
