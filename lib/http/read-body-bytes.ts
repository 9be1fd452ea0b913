import { AppError } from "../platform/errors";

/**
 * Reads a request body up to `maxBytes`: refused (413) by Content-Length first, then by counting the bytes
 * actually read, since Content-Length can lie or be absent (chunked). A missing body is empty.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Buffer> {
  assertDeclaredLength(request.headers.get("content-length"), maxBytes);
  if (!request.body) return Buffer.alloc(0);

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** The 413 of a body over `maxBytes`, by its Content-Length before anything is read. */
export function assertDeclaredLength(contentLength: string | null | undefined, maxBytes: number): void {
  const declared = Number(contentLength ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw bodyTooLarge(maxBytes);
}

export function bodyTooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`);
}
