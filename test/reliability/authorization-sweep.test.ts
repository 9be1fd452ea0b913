/**
 * Scenario 5 — authorization sweep. Every console page, server action and route handler is found by walking
 * app/ (and cross-checked against the production build's manifests), then called without a session or key:
 * each must refuse, leak none of the seeded data, and change nothing in the database.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "../../lib/console/api-keys/api-key-format";
import { REFUSES_METHOD } from "../../lib/http/answer-every-method";
import { createTestAdmin } from "../factories";
import { signInAs, signOutEveryone } from "../next-request";
import { startTestDatabase, type TestDatabase } from "./support/database";
import { discoverApp, HTTP_METHODS, type DiscoveredApp } from "./support/discover-app";
import { makeTempRoot, METRICS_TOKEN, removeTempRoot, ROOT, startServer, WORKER_TOKEN, type OutgateServer } from "./support/outgate";
import { stopAllProcesses, tail } from "./support/processes";
import { leakedSecrets, plausibleActionInputs, redirectTarget, seedSentinels, snapshotTables, type Sentinels } from "./support/sweep-helpers";

/** Pages anyone may open (they show forms, never data). */
const PUBLIC_PAGES = new Set(["/login", "/setup"]);
/** Route handlers that answer strangers by design; each still must not leak and must not fail. */
const PUBLIC_ROUTES: { match: (url: string) => boolean; why: string }[] = [
  { match: (url) => url === "/api/health", why: "load-balancer health check" },
  { match: (url) => url.startsWith("/api/auth/"), why: "next-auth's own sign-in endpoints" },
  { match: (url) => url === "/api/v1/openapi.json", why: "the API description" },
  { match: (url) => url === "/api/v1/auth/authenticate-user", why: "SmarterMail-compatible login (credentials in the body)" },
  { match: (url) => /^\/api\/[0-9a-f-]{36}$/.test(url), why: "the catch-all for unknown API paths (a JSON 404)" },
];
/** Tables a refused call may touch: failed logins are counted by design. */
const MAY_CHANGE = ["login_throttles"];

let root: string;
let db: TestDatabase;
let server: OutgateServer;
let sentinels: Sentinels;
let app: DiscoveredApp;
let before: Record<string, string>;
let apiKey: string;

beforeAll(async () => {
  root = makeTempRoot("authz");
  db = await startTestDatabase(root);
  const key = generateApiKey();
  sentinels = await seedSentinels(db.pool, key.keyHash, key.prefix);
  apiKey = key.key;
  server = await startServer(root, db.url);
  // Server actions and pages are also called in this process, against the same database, signed out.
  process.env.DATABASE_URL = db.url;
  signOutEveryone();
  app = discoverApp(ROOT);
  before = await snapshotTables(db.pool, MAY_CHANGE);
});

afterAll(async () => {
  await stopAllProcesses();
  await db?.close();
  removeTempRoot(root);
});

describe("authorization sweep", () => {
  it("finds every page, route handler and server action the production build has", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, ".next/server/app-paths-manifest.json"), "utf8")) as Record<string, string>;
    const discovered = new Set([...app.pages, ...app.routes].map((entry) => "/" + entry.file.replace(/^app\//, "").replace(/\.(tsx?|jsx?)$/, "")));
    // A static metadata file (app/icon.svg → "/icon.svg/route") is served to anyone by design and runs no code of ours.
    const isStaticMetadataFile = (entry: string) => {
      const file = /^\/(.+\.(?:svg|ico|png|jpe?g|gif|webmanifest|txt|xml))\/route$/.exec(entry)?.[1];
      return file !== undefined && fs.existsSync(path.join(ROOT, "app", file));
    };
    const built = Object.keys(manifest).filter((entry) => !entry.startsWith("/_") && !isStaticMetadataFile(entry));
    expect(built.filter((entry) => !discovered.has(entry))).toEqual([]);

    const actions = JSON.parse(fs.readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as {
      node: Record<string, { filename: string }>;
    };
    const actionFiles = new Set(app.actionFiles);
    expect(Object.values(actions.node).map((entry) => entry.filename).filter((file) => !actionFiles.has(file))).toEqual([]);

    console.log(`[authz] ${app.pages.length} pages, ${app.layouts.length} layouts, ${app.routes.length} route handlers, ${app.actionFiles.length} action files`);
    expect(app.pages.length).toBeGreaterThanOrEqual(10);
    expect(app.routes.length).toBeGreaterThanOrEqual(5);
    expect(app.actionFiles.length).toBeGreaterThanOrEqual(5);
  });

  it("redirects every console page to /login over HTTP, with no cookie or a forged one", async () => {
    const failures: string[] = [];
    for (const page of app.pages) {
      for (const cookie of [undefined, "next-auth.session-token=forged.session.token"]) {
        const response = await fetch(server.baseUrl + page.url, { redirect: "manual", headers: cookie ? { cookie } : {} });
        const body = await response.text();
        const leaks = leakedSecrets(body + (response.headers.get("location") ?? ""), sentinels);
        if (leaks.length > 0) failures.push(`${page.url}: leaks ${leaks.join(", ")}`);
        if (PUBLIC_PAGES.has(page.url)) {
          if (response.status >= 500) failures.push(`${page.url}: ${response.status}`);
          continue;
        }
        const location = response.headers.get("location") ?? "";
        if (![302, 303, 307, 308].includes(response.status) || new URL(location, server.baseUrl).pathname !== "/login") {
          failures.push(`${page.url}${cookie ? " (forged cookie)" : ""}: ${response.status} → ${location || "(no redirect)"}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("makes every console page and layout check the session itself (called in-process, signed out)", async () => {
    const guarded = [...app.pages, ...app.layouts].filter((entry) => entry.groups.includes("console"));
    expect(guarded.length).toBeGreaterThanOrEqual(8);
    const failures: string[] = [];
    for (const entry of guarded) {
      const loaded = (await import(path.join(ROOT, entry.file))) as { default: (props: unknown) => unknown };
      const props = { params: Promise.resolve(entry.params), searchParams: Promise.resolve({}), children: null };
      try {
        await loaded.default(props);
        failures.push(`${entry.file}: rendered without a session`);
      } catch (error) {
        const target = redirectTarget(error);
        if (target !== "/login") failures.push(`${entry.file}: threw ${target ? `a redirect to ${target}` : String(error)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("refuses every server action called signed out, whatever the input, and changes nothing", async () => {
    const failures: string[] = [];
    let calls = 0;
    let actions = 0;
    for (const file of app.actionFiles) {
      const loaded = (await import(path.join(ROOT, file))) as Record<string, unknown>;
      const guardedBySetupToken = file.includes("(auth)/setup/");
      for (const [name, action] of Object.entries(loaded)) {
        if (typeof action !== "function") continue;
        actions += 1;
        for (const input of plausibleActionInputs(sentinels.ids)) {
          for (const args of [[input], [undefined, input]]) {
            calls += 1;
            const label = `${file} ${name}(${args.length === 2 ? "prev, " : ""}${input instanceof FormData ? "FormData" : JSON.stringify(input)?.slice(0, 40)})`;
            try {
              const result = (await (action as (...a: unknown[]) => Promise<unknown>)(...args)) as { ok?: boolean; code?: string } | undefined;
              const leaks = leakedSecrets(JSON.stringify(result) ?? "", sentinels);
              if (leaks.length > 0) failures.push(`${label}: leaks ${leaks.join(", ")}`);
              const refused = guardedBySetupToken ? result?.ok === false : result?.ok === false && result.code === "unauthorized";
              if (!refused) failures.push(`${label}: answered ${JSON.stringify(result)?.slice(0, 200)}`);
            } catch (error) {
              if (redirectTarget(error) !== "/login") failures.push(`${label}: threw ${String(error)}`);
            }
          }
        }
      }
    }
    console.log(`[authz] ${actions} server actions, ${calls} signed-out calls`);
    expect(actions).toBeGreaterThanOrEqual(10);
    expect(failures).toEqual([]);
    expect(await snapshotTables(db.pool, MAY_CHANGE)).toEqual(before);
  });

  it("refuses every server action posted over HTTP without a session", async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as {
      node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }>;
    };
    const failures: string[] = [];
    for (const [actionId, entry] of Object.entries(manifest.node)) {
      for (const worker of Object.keys(entry.workers)) {
        const pageUrl = "/" + worker.replace(/^app\//, "").replace(/\/?page$/, "").split("/").filter((s) => !/^\(.*\)$/.test(s)).join("/");
        const url = pageUrl.replace(/\[[^\]]+\]/g, sentinels.ids.gateway);
        const response = await fetch(server.baseUrl + url, {
          method: "POST",
          redirect: "manual",
          headers: { "Next-Action": actionId, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
          body: JSON.stringify(plausibleActionInputs(sentinels.ids).slice(2, 3)),
        });
        const body = await response.text();
        const leaks = leakedSecrets(body, sentinels);
        if (leaks.length > 0) failures.push(`${entry.exportedName} via ${url}: leaks ${leaks.join(", ")}`);
        const redirected = [302, 303, 307, 308].includes(response.status) && (response.headers.get("location") ?? "").startsWith("/login");
        const refusedInBody = response.status < 500 && /"ok":false/.test(body);
        if (!redirected && !refusedInBody) failures.push(`${entry.exportedName} via ${url}: ${response.status} ${body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshotTables(db.pool, MAY_CHANGE)).toEqual(before);
  });

  it("refuses every route handler without credentials or with forged ones (401/403 JSON, no data)", async () => {
    const failures: string[] = [];
    let requests = 0;
    const forged: Record<string, string>[] = [
      {},
      { authorization: `Bearer og_${"A".repeat(43)}` },
      { authorization: "Bearer not-a-key", cookie: "next-auth.session-token=forged" },
      { authorization: `Bearer ${WORKER_TOKEN}x` },
      { authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}` },
    ];
    for (const route of app.routes) {
      const loaded = (await import(path.join(ROOT, route.file))) as Record<string, unknown>;
      // The JSON 405s of methods a route does not have (answerEveryMethod) are checked in malformed-requests.test.ts.
      const methods = HTTP_METHODS.filter((method) => typeof loaded[method] === "function" && !(REFUSES_METHOD in (loaded[method] as object)));
      if (methods.length === 0) failures.push(`${route.file}: exports no HTTP method`);
      const urls = [route.url, ...(Object.keys(route.params).length > 0 ? Object.values(sentinels.ids).map((id) => route.url.replace(/[0-9a-f-]{36}/g, id)) : [])];
      const isPublic = PUBLIC_ROUTES.some((entry) => entry.match(route.url));
      // SmarterMail-compatible routes answer in SmarterMail's shape ({ success: false, message }) so its clients work.
      const speaksSmarterMail = fs.readFileSync(path.join(ROOT, route.file), "utf8").includes("lib/http/smartermail-api/");
      for (const url of urls) {
        for (const method of methods) {
          for (const headers of forged) {
            requests += 1;
            const hasBody = !["GET", "HEAD", "OPTIONS"].includes(method);
            const response = await fetch(server.baseUrl + url, {
              method,
              redirect: "manual",
              headers: { ...headers, ...(hasBody ? { "content-type": "application/json" } : {}) },
              body: hasBody ? JSON.stringify({ from: "a@sentinel-domain.example", to: ["b@example.com"], subject: "x", text: "x" }) : undefined,
            });
            const text = await response.text();
            const label = `${method} ${url} ${JSON.stringify(headers).slice(0, 60)}`;
            const leaks = leakedSecrets(text, sentinels);
            if (leaks.length > 0) failures.push(`${label}: leaks ${leaks.join(", ")}`);
            if (response.status >= 500) failures.push(`${label}: ${response.status} ${text.slice(0, 200)}`);
            if (isPublic || method === "HEAD" || method === "OPTIONS") continue;
            if (![401, 403].includes(response.status)) failures.push(`${label}: ${response.status} ${text.slice(0, 200)}`);
            const json = safeJson(text);
            const error = (speaksSmarterMail ? json : json?.error) as { code?: unknown; success?: unknown; message?: unknown } | undefined;
            const shaped = speaksSmarterMail ? error?.success === false : typeof error?.code === "string";
            if (!shaped || typeof error?.message !== "string" || !error.message) failures.push(`${label}: not a JSON error: ${text.slice(0, 200)}`);
          }
        }
      }
    }
    // The public ones answer as documented, and nothing more.
    const health = await fetch(`${server.baseUrl}/api/health`);
    expect(await health.json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${server.baseUrl}/api/auth/session`)).json()).toEqual({});
    console.log(`[authz] ${app.routes.length} route handlers, ${requests} anonymous/forged requests`);
    expect(failures).toEqual([]);
    expect(await snapshotTables(db.pool, MAY_CHANGE)).toEqual(before);
  });

  // The control: the same calls with real credentials do reach the data, so the checks above can fail.
  it("lets the same calls through with real credentials (the sweep would notice a hole)", async () => {
    const owned = await fetch(`${server.baseUrl}/api/v1/messages/${sentinels.ids.message}`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(owned.status).toBe(200);
    expect(leakedSecrets(await owned.text(), sentinels)).toContain("sentinel-message-id");
    const scraped = await fetch(`${server.baseUrl}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/^# HELP outgate_/m);

    await signInAs(await createTestAdmin());
    try {
      const page = app.pages.find((entry) => entry.url === "/gateways")!;
      const loaded = (await import(path.join(ROOT, page.file))) as { default: (props: unknown) => unknown };
      const rendered = await loaded.default({ params: Promise.resolve({}), searchParams: Promise.resolve({}) });
      expect(rendered).toBeTruthy();
      const { createDomainAction } = (await import(path.join(ROOT, "app/(console)/domains/actions.ts"))) as Record<string, (input: unknown) => Promise<{ ok: boolean }>>;
      expect(await createDomainAction({ name: "control.example" })).toMatchObject({ ok: true });
    } finally {
      signOutEveryone();
    }
  });

  it("kept the server healthy", async () => {
    expect(server.process.isRunning(), tail(server.process.logText())).toBe(true);
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
  });
});

function safeJson(text: string): Record<string, unknown> | null {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}
