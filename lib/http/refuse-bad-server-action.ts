import { AppError } from "../platform/errors";
import { toHttpResponse } from "./error-answer";
import { readBodyBytes } from "./read-body-bytes";

/** Next's default serverActions.bodySizeLimit ("1mb", parsed by `bytes` as 1 MiB); next.config.js does not change it. */
export const SERVER_ACTION_MAX_BYTES = 1024 * 1024;

/**
 * For a server action call (a POST with a `Next-Action` header), the JSON 4xx for what Next itself would answer with
 * a 500 (next/dist/server/app-render/action-handler.js): another site's Origin (403, Next's CSRF check: the Origin's
 * host must be the x-forwarded-host or Host), a body over 1 MiB (413), or a text/plain argument list that is not a
 * JSON array and a multipart one that does not parse (400). null when the request may go on to Next.
 * The body is read from a clone: the proxy buffers it, and Next reads it again for the action.
 */
export async function refuseBadServerAction(request: Request): Promise<Response | null> {
  if (request.method !== "POST" || !request.headers.has("next-action")) return null;
  try {
    assertSameOrigin(request.headers);
    const body = await readBodyBytes(request.clone(), SERVER_ACTION_MAX_BYTES);
    await assertReadablePayload(request, body);
    return null;
  } catch (error) {
    return toHttpResponse(error);
  }
}

function assertSameOrigin(headers: Headers): void {
  const origin = headers.get("origin");
  // No Origin: a hand-made request, which carries no browser's cookies unwillingly; Next lets it through too.
  if (origin === null) return;
  const host = headers.get("x-forwarded-host")?.split(",")[0].trim() || headers.get("host");
  if (!host || hostOf(origin) !== host) throw new AppError("forbidden", "Server actions are only accepted from this site's own pages.");
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

async function assertReadablePayload(request: Request, body: Buffer): Promise<void> {
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    await new Response(new Uint8Array(body), { headers: { "content-type": type } }).formData().catch(() => {
      throw new AppError("bad_request", "The server action's form data could not be read.");
    });
    return;
  }
  let args: unknown;
  try {
    args = JSON.parse(body.toString("utf8"));
  } catch {
    throw new AppError("bad_request", "The server action's arguments are not valid JSON.");
  }
  if (!Array.isArray(args)) throw new AppError("bad_request", "The server action's arguments must be a JSON array.");
}
