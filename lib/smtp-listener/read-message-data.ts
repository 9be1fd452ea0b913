import type { Readable } from "node:stream";

/** How DATA ended: the octets in full, or over the size limit (nothing kept), or the client gone or too slow. */
export type MessageData = { kind: "complete"; data: Buffer } | { kind: "too_large"; bytes: number } | { kind: "lost" };

/**
 * Reads one message's data stream (smtp-server's, dot-unstuffed, without the final "."). Keeps at most `maxBytes`:
 * beyond that it reads on to the end only to count (RFC 1870 §6.2: 552 after the data, when the declared SIZE was
 * wrong or absent). A stream destroyed by a disconnect mid-DATA is "lost", so nothing of it is ever queued. After
 * `timeoutMs` the stream is given up as "lost" too and `onTimeout` runs (the caller drops the session).
 */
export function readMessageData(stream: Readable, { maxBytes, timeoutMs, onTimeout }: { maxBytes: number; timeoutMs: number; onTimeout: () => void }): Promise<MessageData> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const settle = (result: MessageData) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      settle({ kind: "lost" });
      onTimeout();
    }, timeoutMs);
    stream.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= maxBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    stream.once("end", () => settle(bytes > maxBytes ? { kind: "too_large", bytes } : { kind: "complete", data: Buffer.concat(chunks, bytes) }));
    stream.once("error", () => settle({ kind: "lost" }));
    stream.once("close", () => settle({ kind: "lost" }));
  });
}
