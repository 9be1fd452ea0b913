import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { NextResponse, type NextFetchEvent } from "next/server";

// A convenience redirect only: every page, action and route handler checks the admin session itself.
const requireLogin = withAuth({ pages: { signIn: "/login" } });

const PUBLIC_PREFIXES = ["/api/", "/login", "/setup", "/_next/", "/favicon.ico"];

function isDecodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs before routing. A path that is not valid percent-encoded UTF-8 would make Next answer a plain-text 500
 * before any route code runs (vercel/next.js#92557), so it gets a JSON 400 here; anonymous browsers on console
 * pages are sent to the login.
 */
export default function proxy(request: NextRequestWithAuth, event: NextFetchEvent) {
  const path = request.nextUrl.pathname;
  if (!isDecodable(path)) {
    return NextResponse.json({ error: { code: "bad_request", message: "The URL is not valid percent-encoded UTF-8." } }, { status: 400 });
  }
  if (PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix))) return NextResponse.next();
  return requireLogin(request, event);
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
