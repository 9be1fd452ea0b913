/**
 * The README, tried as a new user would. Every curl example (a ```sh/```bash block with `curl`) runs in bash with the
 * real curl binary against the production server on a fresh database, and its answer must have the status and
 * the JSON shape the README shows right after it (rule in support/json-shape.ts). Only the placeholders of
 * PLACEHOLDERS are replaced; every other byte of an example runs as written. `npm start` and the start script are
 * run on a fresh data folder to check what the README says about the first-run setup token and about stopping
 * Outgate. The cheaper claims — npm scripts, environment variables, links, pages and routes it names — are plain
 * assertions.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "./support/database";
import { discoverApp } from "./support/discover-app";
import { differencesFromDocumented } from "./support/json-shape";
import { groupIsRunning, postmasterPid, startAsDocumented } from "./support/start-command";
import { makeTempRoot, removeTempRoot, ROOT, startServer, WORKER_TOKEN, type OutgateServer } from "./support/outgate";
import { stopAllProcesses, tail } from "./support/processes";
import { isCurlBlock, readCodeBlocks, readCurlExamples, readEnvironmentVariablesNamed, readNpmScriptsNamed, readRelativeLinks, type CurlExample } from "./support/readme";
import { assertCurlInstalled, runCurlExample } from "./support/run-curl-example";
import { seedApiKey, seedDomain, seedGateway } from "./support/seed";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink";
import { sleep, waitFor } from "./support/wait";

const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const { examples, problems } = readCurlExamples(README);

/** The admin the SmarterMail example signs in as, created the README's way: OUTGATE_ADMIN_EMAIL / _PASSWORD. */
const ADMIN = { email: "admin@example.com", password: "readme-admin-password" };

/** Variables the README names that lib/platform/env.ts does not validate, with the file that reads each. */
const READ_ELSEWHERE: Record<string, string> = {
  PORT: "scripts/start.ts",
  HOST: "scripts/start.ts",
  NEXTAUTH_URL: "scripts/start.ts",
  OUTGATE_DATA_DIR: "lib/platform/local-defaults.ts",
  CHROMIUM_PATH: "playwright.config.ts",
};

describe("what the README names exists", () => {
  it("npm scripts: each one in package.json", () => {
    const scripts = Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
    const named = readNpmScriptsNamed(README);
    expect(named).toEqual(expect.arrayContaining(["start", "test", "worker", "build", "bench"]));
    expect(named.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it("environment variables: each validated by lib/platform/env.ts or read where it says", () => {
    const envSource = fs.readFileSync(path.join(ROOT, "lib", "platform", "env.ts"), "utf8");
    const validated = new Set([...envSource.matchAll(/^\s+([A-Z][A-Z0-9_]*): z\b/gm)].map((match) => match[1]));
    const named = readEnvironmentVariablesNamed(README);
    expect(named).toEqual(expect.arrayContaining(["DATABASE_URL", "OUTGATE_WORKER_TOKEN", "PORT"]));
    const unknown = named.filter((name) => {
      if (validated.has(name)) return false;
      const reader = READ_ELSEWHERE[name];
      return !reader || !fs.readFileSync(path.join(ROOT, reader), "utf8").includes(`process.env.${name}`);
    });
    expect(unknown).toEqual([]);
  });

  it("links, console pages and API routes: each exists", () => {
    expect(readRelativeLinks(README).filter((link) => !fs.existsSync(path.join(ROOT, link)))).toEqual([]);
    const app = discoverApp(ROOT);
    const pages = new Set(app.pages.map((page) => page.url));
    const routes = new Set(app.routes.map((route) => route.url));
    const namedPages = [
      ...[...README.matchAll(/\(`(\/[a-z/-]+)`\)/g)].map((match) => match[1]),
      ...[...README.matchAll(/<http:\/\/localhost:3000(\/[a-z/-]+)>/g)].map((match) => match[1]),
    ];
    const namedRoutes = [...README.matchAll(/`(?:GET|POST) (\/api\/[^`\s]+)`/g)].map((match) => match[1]);
    expect(namedPages.length).toBeGreaterThan(5);
    expect(namedRoutes.length).toBeGreaterThan(2);
    expect(namedPages.filter((url) => !pages.has(url))).toEqual([]);
    // A route the README names as a template (`/api/v1/admin/messages/{id}/actions`, `…?sender=…`) matches its file.
    const toTemplate = (route: { url: string; params: Record<string, string> }) =>
      Object.entries(route.params).reduce((url, [name, value]) => url.split("/").map((segment) => (segment === value ? `{${name}}` : segment)).join("/"), route.url);
    const templates = new Set(app.routes.map(toTemplate));
    expect(namedRoutes.map((url) => url.replace(/\?.*$/, "")).filter((url) => !routes.has(url) && !templates.has(url))).toEqual([]);
  });

  it("curl examples: every one is in a sh block, on its own, followed by its documented answer", () => {
    const blocks = readCodeBlocks(README);
    expect(blocks.filter((block) => /(^|\s)curl\s/m.test(block.text) && !isCurlBlock(block)).map((block) => block.line)).toEqual([]);
    expect(problems).toEqual([]);
    expect(examples.length).toBe(blocks.filter(isCurlBlock).length);
    expect(examples.length).toBeGreaterThan(0);
  });
});

describe("the README's curl examples, run with curl against a fresh Outgate", () => {
  let root: string;
  let db: TestDatabase;
  let sink: SmtpSink;
  let server: OutgateServer;
  let apiKey: string;
  let workdir: string;
  /** Earlier answers, latest first: placeholders taken from an answer come from here. */
  const answers: Record<string, unknown>[] = [];

  const fromEarlierAnswer = (field: string) => () => {
    const value = answers.find((answer) => typeof answer[field] === "string")?.[field];
    if (typeof value !== "string") throw new Error(`No earlier example's answer has a "${field}" to fill <${field}> with.`);
    return value;
  };
  /**
   * The placeholders a reader replaces, and what replaces them here. Nothing else in an example is changed;
   * `$OUTGATE_WORKER_TOKEN` is an environment variable, set for the example's shell as the reader sets it.
   */
  const PLACEHOLDERS: Record<string, () => string> = {
    "http://localhost:3000": () => server.baseUrl,
    "og_...": () => apiKey,
    "<password>": () => ADMIN.password,
    "<id>": fromEarlierAnswer("id"),
    "<accessToken>": fromEarlierAnswer("accessToken"),
  };

  beforeAll(async () => {
    assertCurlInstalled();
    root = makeTempRoot("readme");
    db = await startTestDatabase(root);
    sink = await startSmtpSink("readme");
    await seedDomain(db.pool, "example.com");
    await seedGateway(db.pool, { description: "Main relay", port: sink.port });
    apiKey = (await seedApiKey(db.pool, "readme")).key;
    // As `npm start` runs it by default: the drain loop inside the web server.
    server = await startServer(root, db.url, { OUTGATE_INPROCESS_WORKER: "true", OUTGATE_ADMIN_EMAIL: ADMIN.email, OUTGATE_ADMIN_PASSWORD: ADMIN.password });
    // The folder a reader runs the examples in, with the message.eml the raw example reads — made by the README's
    // own `cat > message.eml` block, as a reader would.
    workdir = path.join(root, "examples");
    fs.mkdirSync(workdir);
    const makeMessage = readCodeBlocks(README).find((block) => block.text.startsWith("cat > message.eml"));
    expect(makeMessage, "the README shows how to write message.eml").toBeDefined();
    execFileSync("sh", ["-c", makeMessage!.text], { cwd: workdir });
  });

  afterAll(async () => {
    await stopAllProcesses();
    await sink?.down();
    await db?.close();
    removeTempRoot(root);
  });

  it("the first admin comes from OUTGATE_ADMIN_EMAIL / OUTGATE_ADMIN_PASSWORD; no setup token is left, /setup leads to sign-in", async () => {
    expect(server.process.logText()).toContain(`created the first admin ${ADMIN.email}`);
    expect(server.process.logText()).not.toMatch(/setup token/);
    expect((await db.pool.query("SELECT 1 FROM setup_tokens")).rowCount).toBe(0);
    // "Once an admin exists … /setup leads to the sign-in page."
    const setup = await fetch(`${server.baseUrl}/setup`, { redirect: "manual" });
    expect(new URL(setup.headers.get("location") ?? "", server.baseUrl).pathname, `HTTP ${setup.status}`).toBe("/login");
  });

  it.each(examples)("README line $line answers as documented", async (example: CurlExample) => {
    let command = example.command;
    for (const [placeholder, value] of Object.entries(PLACEHOLDERS)) {
      if (command.includes(placeholder)) command = command.replaceAll(placeholder, value());
    }
    const env = { PATH: process.env.PATH, HOME: workdir, LANG: "C.UTF-8", OUTGATE_WORKER_TOKEN: WORKER_TOKEN };
    // A GET shows a state the reader may wait for (a message delivered): it is asked again, as a reader would.
    const isGet = !/\s(-d|--data\S*|-X|--request)\s/.test(command);
    const deadline = Date.now() + (isGet ? 20_000 : 0);
    for (;;) {
      const answer = await runCurlExample(command, { cwd: workdir, env });
      const context = `README line ${example.line}: HTTP ${answer.status} ${answer.body}\n${answer.stderr}\n${tail(server.process.logText(), 2_000)}`;
      let body: unknown;
      try {
        body = JSON.parse(answer.body);
      } catch {
        throw new Error(`the answer is not JSON — ${context}`);
      }
      const differences = differencesFromDocumented(body, example.answer);
      if (Date.now() < deadline && (answer.status !== example.status || differences.length > 0)) {
        await sleep(250);
        continue;
      }
      expect(answer.status, context).toBe(example.status);
      expect(differences, context).toEqual([]);
      if (example.header) {
        // "<id>" in a documented header is this answer's id.
        const expected = example.header.value.replaceAll("<id>", String((body as { id?: unknown }).id));
        expect(answer.headers.get(example.header.name), context).toBe(expected);
      }
      if (body && typeof body === "object" && !Array.isArray(body)) answers.unshift(body as Record<string, unknown>);
      return;
    }
  });

  it("the examples' mail reached the gateway", async () => {
    // The 202 answers' messageId, and those of a batch's accepted results.
    const submitted = answers.flatMap((answer) => (Array.isArray(answer.results) ? (answer.results as { message?: unknown }[]).map((result) => result.message) : [answer]));
    const messageIds = submitted.map((message) => (message as { messageId?: unknown } | undefined)?.messageId).filter((id): id is string => typeof id === "string");
    expect(messageIds.length).toBeGreaterThan(0);
    await waitFor("every queued example message at the SMTP sink", () => messageIds.every((id) => sink.counts.has(`<${id}>`)), { timeoutMs: 30_000 });
  });
});

describe("starting and stopping Outgate as the README says: the first-run setup token", () => {
  let root: string;

  afterAll(async () => {
    await stopAllProcesses();
    removeTempRoot(root);
  });

  it("prints a fresh token at every start while no admin exists; Ctrl+C, or SIGTERM to the npm start process, stops the server and PostgreSQL", async () => {
    root = makeTempRoot("readme-start");
    const dataDir = path.join(root, "data");

    const first = await startAsDocumented(root, dataDir, "npm-start", ["npm", "start"]);
    const [firstToken] = first.setupTokens();
    expect(firstToken, tail(first.log())).toMatch(/^[\w-]{20,}$/);
    // The log line exactly as the README shows it.
    const documentedLine = readCodeBlocks(README).find((block) => block.text.includes("setup token: <token>"));
    expect(documentedLine, "the README shows the setup token's log line").toBeDefined();
    expect(first.log()).toContain(documentedLine!.text.replace("<token>", firstToken));
    expect((await fetch(`${first.baseUrl}/setup`)).status).toBe(200);
    // No OUTGATE_WORKER_TOKEN here: the drain route refuses every caller.
    const drain = await fetch(`${first.baseUrl}/api/worker/drain`, { method: "POST", headers: { authorization: "Bearer any-token-at-all-0123456789" } });
    expect(drain.status).toBe(401);
    // Ctrl+C: the terminal sends SIGINT to the whole foreground process group.
    first.process.kill("SIGINT");
    await stopsWithin(first.process.exited, 30_000, "npm start after Ctrl+C");
    await waitFor("every process of npm start gone", () => !groupIsRunning(first.process.pid), { timeoutMs: 10_000 });
    expect(postmasterPid(dataDir), tail(first.log())).toBeNull();

    // The token was missed: the next start prints a new one, and only the new one is stored.
    const second = await startAsDocumented(root, dataDir, "npm-start-again", ["npm", "start"]);
    const [secondToken] = second.setupTokens();
    expect(secondToken, tail(second.log())).toMatch(/^[\w-]{20,}$/);
    expect(secondToken).not.toBe(firstToken);
    const database = new pg.Client({ connectionString: fs.readFileSync(path.join(dataDir, "database-url"), "utf8").trim() });
    await database.connect();
    try {
      const stored = await database.query<{ token_hash: string }>("SELECT token_hash FROM setup_tokens");
      expect(stored.rows.map((row) => row.token_hash)).toEqual([createHash("sha256").update(secondToken).digest("hex")]);
    } finally {
      await database.end();
    }
    // `kill <pid>` of npm start alone (a service manager's stop): SIGTERM to that one process, not its group.
    process.kill(second.process.pid, "SIGTERM");
    await stopsWithin(second.process.exited, 30_000, "npm start after SIGTERM");
    await waitFor("every process of npm start gone", () => !groupIsRunning(second.process.pid), { timeoutMs: 10_000 });
    expect(postmasterPid(dataDir), tail(second.log())).toBeNull();
  });
});

async function stopsWithin(exited: Promise<unknown>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} still running after ${ms} ms`)), ms)));
  try {
    await Promise.race([exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
