/**
 * Issue #12 kind 11 — security headers. Every page the authorization sweep finds (so a new page is covered without
 * editing a list), opened anonymously and signed in, answers with a nonce-based Content-Security-Policy, nosniff,
 * a Referrer-Policy and a Permissions-Policy; the JSON API answers with nosniff.
 */
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAdmin } from "../factories";
import { startTestDatabase, type TestDatabase } from "./support/database";
import { discoverApp } from "./support/discover-app";
import { makeTempRoot, NEXTAUTH_SECRET, removeTempRoot, ROOT, startServer, type OutgateServer } from "./support/outgate";
import { stopAllProcesses } from "./support/processes";

let root: string;
let db: TestDatabase;
let server: OutgateServer;
let sessionCookie: string;

beforeAll(async () => {
  root = makeTempRoot("headers");
  db = await startTestDatabase(root);
  server = await startServer(root, db.url);
  process.env.DATABASE_URL = db.url;
  const admin = await createTestAdmin();
  const token = await encode({ token: { adminId: admin.id, email: admin.email, sub: admin.id }, secret: NEXTAUTH_SECRET });
  sessionCookie = `next-auth.session-token=${token}`;
});

afterAll(async () => {
  await stopAllProcesses();
  await db?.close();
  removeTempRoot(root);
});

/** What is wrong with an HTML answer's security headers, or [] when nothing is. */
function checkPageHeaders(headers: Headers): string[] {
  const problems: string[] = [];
  const csp = headers.get("content-security-policy") ?? "";
  const directives = new Map(csp.split(";").map((part) => part.trim().split(/\s+/)).filter((words) => words[0]).map(([name, ...values]) => [name, values]));
  const scripts = directives.get("script-src") ?? [];
  if (!scripts.some((value) => /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(value))) problems.push(`script-src without a nonce: "${csp}"`);
  if (scripts.includes("'unsafe-inline'") || scripts.includes("'unsafe-eval'")) problems.push(`script-src allows inline or eval: "${csp}"`);
  if (directives.get("frame-ancestors")?.join(" ") !== "'none'") problems.push(`frame-ancestors is not 'none': "${csp}"`);
  if (directives.get("object-src")?.join(" ") !== "'none'") problems.push(`object-src is not 'none': "${csp}"`);
  if (headers.get("x-content-type-options") !== "nosniff") problems.push("no X-Content-Type-Options: nosniff");
  if (!["no-referrer", "same-origin"].includes(headers.get("referrer-policy") ?? "")) problems.push(`Referrer-Policy ${headers.get("referrer-policy")}`);
  const permissions = headers.get("permissions-policy") ?? "";
  for (const feature of ["camera", "microphone", "geolocation"]) {
    if (!permissions.includes(`${feature}=()`)) problems.push(`Permissions-Policy does not deny ${feature}: "${permissions}"`);
  }
  return problems;
}

describe("security headers", () => {
  it("are on every HTML page, anonymous and signed in, including the not-found page", async () => {
    const pages = discoverApp(ROOT).pages.map((page) => page.url);
    expect(pages.length).toBeGreaterThanOrEqual(10);
    const failures: string[] = [];
    let html = 0;
    const nonces = new Set<string>();
    for (const url of [...pages, "/no-such-page"]) {
      for (const cookie of [undefined, sessionCookie]) {
        const response = await fetch(server.baseUrl + url, { redirect: "manual", headers: cookie ? { cookie } : {} });
        const body = await response.text();
        const label = `${url}${cookie ? " (signed in)" : ""} ${response.status}`;
        if (response.status >= 500) failures.push(`${label}: server error`);
        // Redirects carry them too: the proxy sets them on everything it answers.
        const problems = checkPageHeaders(response.headers);
        if (problems.length > 0) failures.push(`${label}: ${problems.join("; ")}`);
        if (!(response.headers.get("content-type") ?? "").includes("text/html")) continue;
        html += 1;
        const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1] ?? "";
        nonces.add(nonce);
        // Next puts the nonce on its own inline scripts; a script without it would be blocked in the browser.
        const inline = [...body.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
        const unsigned = inline.filter((match) => !match[1].includes(`nonce="${nonce}"`));
        if (inline.length > 0 && unsigned.length > 0) failures.push(`${label}: ${unsigned.length} of ${inline.length} inline scripts without the nonce`);
      }
    }
    expect(failures).toEqual([]);
    // Signed in, every console page renders as HTML; each answer has its own nonce.
    expect(html).toBeGreaterThanOrEqual(pages.length);
    expect(nonces.size).toBe(html);
  });

  it("JSON API answers carry nosniff", async () => {
    for (const [url, init] of [
      ["/api/health", {}],
      ["/api/v1/openapi.json", {}],
      ["/api/v1/messages", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }],
      ["/api/console/spool-counts", {}],
    ] as const) {
      const response = await fetch(server.baseUrl + url, init);
      expect(response.headers.get("x-content-type-options"), `${url} ${response.status}`).toBe("nosniff");
    }
  });
});
