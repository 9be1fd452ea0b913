import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { NextResponse, type NextFetchEvent } from "next/server";
import { refuseBadServerAction } from "./lib/http/refuse-bad-server-action";
import { buildContentSecurityPolicy, createNonce } from "./lib/http/security-headers";

// A convenience redirect only: every page, action and route handler checks the admin session itself.
const requireLogin = withAuth({ pages: { signIn: "/login" } });

const PUBLIC_PREFIXES = ["/login", "/setup", "/_next/", "/favicon.ico"];

function isDecodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** `response` with the page policy (the other security headers come from next.config.js, on every answer). */
function withSecurityHeaders<R extends Response>(response: R, policy?: string): R {
  if (policy) response.headers.set("Content-Security-Policy", policy);
  return response;
}

/**
 * Runs before routing. A path that is not valid percent-encoded UTF-8 would make Next answer a plain-text 500
 * before any route code runs (vercel/next.js#92557), so it gets a JSON 400 here. A server action call Next would
 * answer with a 500 (another site's Origin, an oversized or unreadable body) gets its JSON 4xx here. Every page gets
 * a fresh CSP nonce: Next reads it from the request's Content-Security-Policy header and puts it on its scripts.
 * Anonymous browsers on console pages are sent to the login.
 */
export default async function proxy(request: NextRequestWithAuth, event: NextFetchEvent) {
  const path = request.nextUrl.pathname;
  if (!isDecodable(path)) {
    return withSecurityHeaders(NextResponse.json({ error: { code: "bad_request", message: "The URL is not valid percent-encoded UTF-8." } }, { status: 400 }));
  }
  if (path.startsWith("/api/")) return NextResponse.next();

  const nonce = createNonce();
  const policy = buildContentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const refusedAction = await refuseBadServerAction(request);
  if (refusedAction) return withSecurityHeaders(refusedAction, policy);
  if (!PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix))) {
    // withAuth answers only to refuse (a redirect to the login); when the session is fine it returns nothing.
    const refusal = await requireLogin(request, event);
    if (refusal) return withSecurityHeaders(refusal, policy);
  }
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), policy);
}

export const config = {
  matcher: [
    // Pages (everything but the API and Next's assets).
    "/((?!api/|_next/static|_next/image|favicon.ico).*)",
    // API requests without a body only: for a request with one, the proxy would buffer the whole body before the
    // route's own size checks run (a lying Content-Length would then hang instead of getting its 413).
    { source: "/api/:path*", missing: [{ type: "header", key: "content-length" }, { type: "header", key: "transfer-encoding" }] },
  ],
};
