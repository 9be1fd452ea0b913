import type { z } from "zod";
import type { RawAnswer } from "./send-request";
import { SmarterMailError } from "./smartermail-error";

/** Parses the body as JSON, or undefined when it is not JSON (an HTML page, an empty body). */
export function parseJsonBody(answer: RawAnswer): unknown {
  if (answer.text.trim() === "") return undefined;
  try {
    return JSON.parse(answer.text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * What kind of body came back, for the tooltip: its content type and size, never its text — the URL may point at
 * any server, and the console must not repeat what that server says (issue #12, kind 10).
 */
export function describeBody(answer: RawAnswer): string {
  const contentType = String(answer.headers["content-type"] ?? "no content type").split(";")[0].trim().slice(0, 60);
  // Only a plain media type is shown; anything odd in the header is the remote's text too.
  const shown = /^[\w.+-]+\/[\w.+-]+$/.test(contentType) ? contentType : "unusual content type";
  const size = Buffer.byteLength(answer.text);
  return size === 0 ? `${shown}, empty body` : `${shown}, ${size} bytes`;
}

/**
 * Reads a 2xx answer through `schema`. Non-2xx statuses are the caller's business before this;
 * here anything that is not the documented JSON is an unexpected answer (wrong URL, proxy page, ...).
 */
export function readJsonAnswer<T extends z.ZodType>(answer: RawAnswer, schema: T, what: string): z.infer<T> {
  const json = parseJsonBody(answer);
  if (json === undefined) {
    throw new SmarterMailError("unexpected_answer", `${what}: not JSON (HTTP ${answer.status}, ${describeBody(answer)})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "answer";
    throw new SmarterMailError("unexpected_answer", `${what}: ${where}: ${issue?.message ?? "invalid shape"}`);
  }
  return parsed.data;
}

/** Error for a status we do not handle specially (5xx, 404 from a proxy): the status class is the message. */
export function httpError(answer: RawAnswer, what: string): SmarterMailError {
  return new SmarterMailError("http_error", `${what}: HTTP ${answer.status} (${describeBody(answer)})`, {
    message: `HTTP ${Math.floor(answer.status / 100)}xx`,
  });
}

export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}
