/**
 * The Content-Security-Policy of every page (set by proxy.ts); the headers every answer carries are in next.config.js.
 * Sources: MDN's CSP reference and Next's CSP guide (app/guides/content-security-policy): App Router pages need
 * inline bootstrap scripts, so scripts are allowed by a per-request nonce, and 'strict-dynamic' lets those scripts
 * load Next's chunks; a nonce makes every page render dynamically, which the console does anyway.
 */

/** A fresh nonce for one page: 128 random bits, base64 (CSP nonces must be unguessable and never reused). */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * The page policy. Styles may be inline: React and Next write style attributes, which a nonce cannot cover.
 * `development` adds 'unsafe-eval', which React's dev build needs for its stack traces.
 */
export function buildContentSecurityPolicy(nonce: string, development = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
