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

/** A one-line description of a body for the tooltip: the HTML <title>, else its first characters. */
export function describeBody(answer: RawAnswer): string {
  const contentType = String(answer.headers["content-type"] ?? "no content-type").split(";")[0];
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(answer.text)?.[1]?.trim();
  if (title) return `${contentType} page "${title.slice(0, 120)}"`;
  const start = answer.text.replace(/\s+/g, " ").trim().slice(0, 120);
  return start ? `${contentType}: ${start}` : `${contentType}, empty body`;
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

/** Error for a status we do not handle specially (5xx, 404 from a proxy, a redirect). */
export function httpError(answer: RawAnswer, what: string): SmarterMailError {
  const location = answer.headers.location ? `, redirects to ${answer.headers.location}` : "";
  return new SmarterMailError(
    "http_error",
    `${what}: HTTP ${answer.status}${location} (${describeBody(answer)})`,
    { message: `HTTP ${answer.status}` },
  );
}

export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}
